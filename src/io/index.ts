export { type CsvDialect, sniffDialect } from './dialect.js';
export { detectEncoding, type Encoding } from './encoding.js';
export {
  formatOf,
  type LoadedSource,
  type ReadOptions,
  readSource,
  type SourceFormat,
  type SourceInfo,
} from './read.js';
export {
  type AtomicStream,
  assertWritableTarget,
  formatFromPath,
  openAtomicStream,
  writeFileAtomic,
  writeRelation,
} from './write.js';

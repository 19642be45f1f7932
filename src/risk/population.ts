import { WumingError } from '../errors.js';

/**
 * Named population models: the population size that population-based estimators (Pitman,
 * Zayatz, SNB, journalist, marketer) need when the population table itself is not available.
 */
export const POPULATION_MODELS: Readonly<Record<string, { size: number; source: string }>> = {
  // The figure ARX 3.9 uses for its "USA" region (ARXPopulationModel), kept so results compare.
  usa: { size: 317_238_626, source: 'ARX 3.9 population model USA' },
  // National Bureau of Statistics of China, statistical communiqué 2024: 140,828 万 at year end.
  china: { size: 1_408_280_000, source: 'NBS China, population at end of 2024' },
};

export interface PopulationSpec {
  /** N; equals the number of records when the data is its own population. */
  size: number;
  /** Where N came from: a named model, a number given by the user, or the data itself. */
  source: string;
}

/**
 * Resolve `--population`: a positive integer, a model name (usa, china), or undefined for "the
 * data set is the whole population" (sampling fraction 1: population uniqueness = sample
 * uniqueness, journalist = prosecutor).
 */
export function resolvePopulation(spec: number | string | undefined, records: number): PopulationSpec {
  if (spec === undefined) return { size: records, source: 'the data set itself (census)' };
  let size: number;
  let source: string;
  if (typeof spec === 'number') {
    size = spec;
    source = 'given';
  } else {
    const key = spec.trim().toLowerCase();
    const model = POPULATION_MODELS[key];
    if (model) {
      size = model.size;
      source = model.source;
    } else {
      size = Number(key.replaceAll('_', '').replaceAll(',', ''));
      source = 'given';
    }
  }
  if (!Number.isFinite(size) || !Number.isInteger(size) || size < 1)
    throw new WumingError(
      'BAD_POPULATION',
      `the population must be a positive integer or one of: ${Object.keys(POPULATION_MODELS).join(', ')}`,
      { kind: 'usage' },
    );
  if (size < records)
    throw new WumingError(
      'BAD_POPULATION',
      `the population (${size}) is smaller than the number of records (${records})`,
      { kind: 'usage' },
    );
  return { size, source };
}

export { parseArxHierarchy, readArxHierarchy, toArxCsv } from './arx.js';
export { type Hierarchy, levelCount } from './hierarchy.js';
export { loadHierarchies, matchHierarchyFiles } from './load.js';
export { validateHierarchy } from './validate.js';

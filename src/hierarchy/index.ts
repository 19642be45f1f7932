export { parseArxHierarchy, readArxHierarchy, toArxCsv } from './arx.js';
export { type AutoHierarchy, autoHierarchy } from './auto.js';
export { describeLevel, prettyLevelName } from './describe.js';
export { type Hierarchy, levelCount } from './hierarchy.js';
export { hierarchyFileColumn, loadHierarchies, matchHierarchyFiles } from './load.js';
export { saveHierarchies } from './save.js';
export { validateHierarchy } from './validate.js';

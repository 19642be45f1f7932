/**
 * Progress events flow up from the library through a callback so the CLI can draw a bar and a
 * server can stream them; the library itself never writes to the console.
 */
export interface ProgressEvent {
  stage: string;
  done: number;
  total?: number;
  message?: string;
}
export type ProgressFn = (e: ProgressEvent) => void;
export const noProgress: ProgressFn = () => {};

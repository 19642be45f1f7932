import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RiskBucket } from './assess.js';
import type { UniquenessCurve } from './curve.js';

/**
 * Charts for the report, as Vega-Lite specifications (embeddable in the HTML report) and as
 * standalone SVG rendered headless by Vega's own SVG renderer (no browser, no canvas).
 */
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * A Vega-Lite specification as JSON. Typed loosely in the public API on purpose: vega-lite's own
 * types reference the browser DOM, which would make every TypeScript consumer of this package
 * add the "DOM" lib (or skipLibCheck) just to compile.
 */
export type ChartSpec = { readonly $schema: string; readonly [key: string]: unknown };

export function riskHistogramSpec(
  distribution: readonly RiskBucket[],
  title = 'Records by re-identification risk',
): ChartSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 480,
    height: 260,
    data: {
      values: distribution.map((b, i) => ({ range: b.label, order: i, share: b.share, records: b.records })),
    },
    mark: { type: 'bar', color: '#c0392b' },
    encoding: {
      y: {
        field: 'range',
        type: 'ordinal',
        sort: { field: 'order' },
        title: 'prosecutor risk (1 / class size)',
      },
      x: { field: 'share', type: 'quantitative', axis: { format: '%' }, title: 'share of records' },
      tooltip: [
        { field: 'range', type: 'ordinal' },
        { field: 'records', type: 'quantitative' },
        { field: 'share', type: 'quantitative', format: '.2%' },
      ],
    },
  };
}

export function uniquenessCurveSpec(
  curve: UniquenessCurve,
  title = 'Unique records as attributes are added',
): ChartSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 480,
    height: 260,
    data: {
      values: [
        { attributes: 0, added: '(none)', uniqueShare: curve.records === 1 ? 1 : 0 },
        ...curve.points.map((p) => ({
          attributes: p.attributes,
          added: p.added,
          uniqueShare: p.uniqueShare,
        })),
      ],
    },
    layer: [
      { mark: { type: 'line', point: true, color: '#2c3e50' } },
      {
        mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10 },
        encoding: { text: { field: 'added' } },
      },
    ],
    encoding: {
      x: {
        field: 'attributes',
        type: 'quantitative',
        axis: { tickMinStep: 1 },
        title: 'attributes combined',
      },
      y: {
        field: 'uniqueShare',
        type: 'quantitative',
        axis: { format: '%' },
        scale: { domain: [0, 1] },
        title: 'unique records',
      },
    },
  };
}

/** Render a Vega-Lite specification to an SVG document. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export const riskHistogramSvg = (distribution: readonly RiskBucket[]) =>
  renderSvg(riskHistogramSpec(distribution));
export const uniquenessCurveSvg = (curve: UniquenessCurve) => renderSvg(uniquenessCurveSpec(curve));

/**
 * A horizontal bar chart drawn on the server as SVG (no chart library, no JavaScript): one
 * group per category, its label on a line of its own above the bars (so long names keep
 * the whole width on a phone), one bar per series with its value written beside it (or
 * inside it, in white, when it would not fit). An axis from 0 to the largest value with
 * its label underneath; a legend (a line per series) when there is more than one. The numbers are
 * always in a table next to the chart as well: the chart is never the only way to read them.
 *
 * Colours are bootstrap-italia's primary blue and success green: each at least 4.5:1
 * against white and with white text on it.
 */

export const CHART_COLOURS = ["#0066cc", "#008055"] as const;

export type BarSeries = { label: string; colour: string };
export type BarCategory = { label: string; values: number[] };

type Props = {
  /** Unique on the page (ids of the title). */
  id: string;
  title: string;
  /** What the chart says, in words: the accessible name of the picture. */
  summary: string;
  axisLabel: string;
  series: BarSeries[];
  categories: BarCategory[];
  format: (value: number) => string;
  testId?: string;
};

const WIDTH = 340;
const LABEL_LINE = 20;
const BAR = 18;
const BAR_GAP = 4;
const GROUP_GAP = 12;
const FONT = 13;
const VALUE_FONT = 12;
const INK = "#1a1a1a";
/** An estimate of a value's width at VALUE_FONT (digits and separators are narrow). */
const textWidth = (text: string) => text.length * 7;
const clip = (text: string, max = 44) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function BarChart({ id, title, summary, axisLabel, series, categories, format, testId }: Props) {
  const max = Math.max(1, ...categories.flatMap((c) => c.values));
  const legendHeight = series.length > 1 ? series.length * 20 + 8 : 0;
  const groupHeight = LABEL_LINE + series.length * (BAR + BAR_GAP) + GROUP_GAP;
  const plotTop = legendHeight;
  const plotBottom = plotTop + categories.length * groupHeight;
  const height = plotBottom + 44;
  const length = (v: number) => (v <= 0 ? 0 : Math.max(2, (v / max) * WIDTH));

  return (
    <svg
      viewBox={`0 0 ${WIDTH + 2} ${height}`}
      width="100%"
      role="img"
      aria-label={summary}
      className="d-block"
      style={{ maxWidth: 520, height: "auto" }}
      data-testid={testId}
      focusable="false"
    >
      <title id={`${id}-title`}>{title}</title>
      {series.length > 1 && (
        <g aria-hidden="true">
          {series.map((s, i) => {
            const y = i * 20;
            return (
              <g key={s.label}>
                <rect x={1} y={y + 2} width={14} height={14} fill={s.colour} />
                <text x={21} y={y + 14} fontSize={FONT} fill={INK}>
                  {s.label}
                </text>
              </g>
            );
          })}
        </g>
      )}
      {categories.map((c, ci) => {
        const top = plotTop + ci * groupHeight;
        return (
          <g key={`${c.label}-${ci}`}>
            <text x={6} y={top + 14} fontSize={FONT} fontWeight={600} fill={INK}>
              {clip(c.label)}
            </text>
            {c.values.map((v, si) => {
              const y = top + LABEL_LINE + si * (BAR + BAR_GAP);
              const w = length(v);
              const text = format(v);
              const outside = w + 6 + textWidth(text) <= WIDTH;
              return (
                <g key={si}>
                  <rect x={1} y={y} width={w} height={BAR} fill={series[si].colour} />
                  <text
                    x={outside ? w + 6 : w - 4}
                    y={y + 13}
                    fontSize={VALUE_FONT}
                    textAnchor={outside ? "start" : "end"}
                    fill={outside ? INK : "#ffffff"}
                  >
                    {text}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      {/* The axis: the baseline, the scale from 0 to the largest value, its label. */}
      <line x1={1} y1={plotTop} x2={1} y2={plotBottom} stroke={INK} strokeWidth={1} />
      <line x1={1} y1={plotBottom} x2={WIDTH + 1} y2={plotBottom} stroke={INK} strokeWidth={1} />
      <text x={1} y={plotBottom + 15} fontSize={VALUE_FONT} fill={INK}>
        {format(0)}
      </text>
      <text x={WIDTH + 1} y={plotBottom + 15} fontSize={VALUE_FONT} textAnchor="end" fill={INK}>
        {format(max)}
      </text>
      <text x={WIDTH / 2} y={plotBottom + 36} fontSize={FONT} textAnchor="middle" fill={INK}>
        {axisLabel}
      </text>
    </svg>
  );
}

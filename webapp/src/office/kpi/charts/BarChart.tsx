// A bar chart in plain SVG: one group of bars per label (one bar per series), an optional
// target line (on time >= 98 %, complaints < 3 %), the value above each bar. No library:
// the office must work without reaching any CDN.

import { t } from "../../../i18n";
import { niceMax } from "../logic";

export interface BarGroup {
  label: string;
  values: (number | null)[];
}

interface Props {
  name: string;
  title: string;
  groups: BarGroup[];
  series?: string[];
  /** The axis top; by default a round number above the largest value and the target. */
  max?: number;
  target?: { value: number; label: string };
  format?: (value: number) => string;
}

const WIDTH = 520;
const HEIGHT = 230;
const LEFT = 44;
const RIGHT = 12;
const TOP = 18;
const BOTTOM = 40;
const COLOURS = ["#1f6feb", "#8fb4f5", "#2da44e", "#bf8700"];
/** The labels' font size in chart units (style.css .kpi-chart svg). */
const FONT = 11;

/** About how wide ``text`` is at FONT: CJK and other wide characters a full em, the rest
 * a bit over half (a measure without a DOM, so the same in tests and on every screen). */
export function textWidth(text: string, font = FONT): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? font : font * 0.6;
  return width;
}

/** ``label`` cut with an ellipsis to fit ``room`` chart units (the bar group's slot), so
 * a long engineer's or question's name never runs into the next one; the whole label
 * stays in the bar's tooltip. */
export function fitLabel(label: string, room: number, font = FONT): string {
  if (textWidth(label, font) <= room) return label;
  const chars = [...label];
  while (chars.length > 0 && textWidth(`${chars.join("")}…`, font) > room) chars.pop();
  return chars.length > 0 ? `${chars.join("")}…` : "";
}

export function BarChart({ name, title, groups, series = [], max, target, format = String }: Props) {
  const values = groups.flatMap((g) => g.values).filter((v): v is number => v !== null);
  const top = max ?? niceMax(Math.max(...values, target?.value ?? 0, 0));
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const y = (value: number) => TOP + plotH - (Math.min(value, top) / top) * plotH;
  const slot = plotW / Math.max(groups.length, 1);
  const bars = Math.max(series.length, 1);
  const barW = Math.min(36, (slot * 0.7) / bars);
  return (
    <figure class="kpi-chart" data-chart={name}>
      <figcaption>{title}</figcaption>
      {values.length === 0 ? (
        <p class="o-empty">{t("kpi.noData")}</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
          {[0, 0.5, 1].map((share) => (
            <g key={share} class="kpi-chart__tick">
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(top * share)} y2={y(top * share)} />
              <text x={LEFT - 6} y={y(top * share) + 4} text-anchor="end">
                {format(top * share)}
              </text>
            </g>
          ))}
          {groups.map((group, i) => {
            const start = LEFT + i * slot + (slot - barW * bars) / 2;
            return (
              <g key={group.label}>
                {group.values.map((value, s) =>
                  value === null ? null : (
                    <g key={s}>
                      <rect
                        class="kpi-bar"
                        data-value={value}
                        x={start + s * barW}
                        y={y(value)}
                        width={barW - 2}
                        height={TOP + plotH - y(value)}
                        fill={COLOURS[s % COLOURS.length]}
                      >
                        <title>{`${group.label}${series[s] ? ` · ${series[s]}` : ""}: ${format(value)}`}</title>
                      </rect>
                      <text class="kpi-chart__value" x={start + s * barW + (barW - 2) / 2} y={y(value) - 4} text-anchor="middle">
                        {format(value)}
                      </text>
                    </g>
                  ),
                )}
                <text class="kpi-chart__label" x={LEFT + i * slot + slot / 2} y={HEIGHT - BOTTOM + 16} text-anchor="middle">
                  {fitLabel(group.label, slot - 4)}
                  <title>{group.label}</title>
                </text>
              </g>
            );
          })}
          {target && (
            <g class="kpi-chart__target" data-target={target.value}>
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(target.value)} y2={y(target.value)} />
              <text x={WIDTH - RIGHT} y={y(target.value) - 4} text-anchor="end">
                {target.label}
              </text>
            </g>
          )}
        </svg>
      )}
      {series.length > 1 && values.length > 0 && (
        <ul class="kpi-chart__legend">
          {series.map((label, s) => (
            <li key={label}>
              <span style={{ background: COLOURS[s % COLOURS.length] }} /> {label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

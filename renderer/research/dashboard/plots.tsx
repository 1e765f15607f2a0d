// The dashboard's plots, as SVG: the acceptance rate of each condition with its interval, the
// time on task of every session by condition, and one session's events along its time. Each
// has a text description (aria-label) and the numbers are in tables beside them.
import { useState } from 'react';
import type { ResearchCondition, ResearchEvent, ResearchSession } from '../../../native/api/research';
import {
  describeEvent,
  EVENT_KINDS,
  fmt,
  fmtInterval,
  fmtSeconds,
  KIND_COLOURS,
  KIND_LABELS,
  kindOf,
} from './format';

const WIDTH = 560;
const LEFT = 110;
const RIGHT = 60;
const ROW = 34;
const plotX = (fraction: number) => LEFT + fraction * (WIDTH - LEFT - RIGHT);

/** Acceptance rate per condition (pooled), a bar each with its bootstrap 95% interval. */
export function RatePlot({ conditions }: { conditions: ResearchCondition[] }) {
  const height = ROW * conditions.length + 28;
  const label = `Acceptance rate by condition, with 95% intervals: ${conditions
    .map((c) => `${c.condition} ${fmt(c.acceptanceRate)} ${fmtInterval(...c.acceptanceRateCi)}`)
    .join('; ')}`;
  return (
    <svg
      className="plot"
      role="img"
      aria-label={label}
      data-testid="rate-plot"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
    >
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line className="grid" x1={plotX(t)} x2={plotX(t)} y1={4} y2={height - 20} />
          <text className="axis" x={plotX(t)} y={height - 6} textAnchor="middle">
            {t}
          </text>
        </g>
      ))}
      {conditions.map((c, i) => {
        const y = 8 + i * ROW;
        const [lo, hi] = c.acceptanceRateCi;
        return (
          <g key={c.condition} data-condition={c.condition}>
            <text className="label" x={LEFT - 8} y={y + 15} textAnchor="end">
              {c.condition}
            </text>
            {c.acceptanceRate !== null && (
              <rect className="bar" x={LEFT} y={y + 4} width={plotX(c.acceptanceRate) - LEFT} height={16} />
            )}
            {lo !== null && hi !== null && (
              <g className="whisker">
                <line x1={plotX(lo)} x2={plotX(hi)} y1={y + 12} y2={y + 12} />
                <line x1={plotX(lo)} x2={plotX(lo)} y1={y + 6} y2={y + 18} />
                <line x1={plotX(hi)} x2={plotX(hi)} y1={y + 6} y2={y + 18} />
              </g>
            )}
            <text className="value" x={plotX(1) + 6} y={y + 15}>
              {fmt(c.acceptanceRate)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Time on task by condition: each session a dot (jittered), the median a bar. */
export function TimePlot({
  sessions,
  conditions,
}: {
  sessions: ResearchSession[];
  conditions: ResearchCondition[];
}) {
  const max = Math.max(1e-9, ...sessions.map((s) => s.timeOnTaskS));
  const height = ROW * conditions.length + 28;
  const x = (v: number) => plotX(v / max);
  const label = `Time on task by condition (each dot a session): ${conditions
    .map((c) => `${c.condition} median ${fmt(c.medians.timeOnTaskS)} s over ${c.sessions} sessions`)
    .join('; ')}`;
  return (
    <svg
      className="plot"
      role="img"
      aria-label={label}
      data-testid="time-plot"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
    >
      {[0, 0.5, 1].map((t) => (
        <g key={t}>
          <line className="grid" x1={plotX(t)} x2={plotX(t)} y1={4} y2={height - 20} />
          <text className="axis" x={plotX(t)} y={height - 6} textAnchor="middle">
            {fmt(t * max)} s
          </text>
        </g>
      ))}
      {conditions.map((c, i) => {
        const y = 8 + i * ROW;
        const median = c.medians.timeOnTaskS ?? null;
        const own = sessions.filter((s) => s.condition === c.condition).slice(0, 2000);
        return (
          <g key={c.condition} data-condition={c.condition}>
            <text className="label" x={LEFT - 8} y={y + 15} textAnchor="end">
              {c.condition}
            </text>
            {own.map((s, k) => (
              <circle key={s.sessionId} className="dot" cx={x(s.timeOnTaskS)} cy={y + 5 + (k % 7) * 2} r={3}>
                <title>
                  {s.participantId ?? s.sessionId}: {fmt(s.timeOnTaskS)} s
                </title>
              </circle>
            ))}
            {median !== null && (
              <line className="median" x1={x(median)} x2={x(median)} y1={y + 1} y2={y + 23} />
            )}
          </g>
        );
      })}
    </svg>
  );
}

const LANE = 22;
const TIMELINE_WIDTH = 720;

/**
 * One session's events along its time (milliseconds since it started), a lane per kind of event.
 * Each mark can be focused (Tab) or hovered for its details; choosing one (click, Enter) calls
 * `onChoose`, which the dashboard uses to replay the session at that event.
 */
export function SessionTimeline({
  events,
  onChoose,
}: {
  events: ResearchEvent[];
  onChoose?(index: number): void;
}) {
  const [active, setActive] = useState<number | null>(null);
  const start = events.length ? Math.min(...events.map((e) => e.monoTime)) : 0;
  const end = Math.max(start + 1, ...events.map((e) => e.monoTime));
  const lanes = EVENT_KINDS.filter((k) => events.some((e) => kindOf(e.type) === k));
  const height = lanes.length * LANE + 30;
  const x = (t: number) => 90 + ((t - start) / (end - start)) * (TIMELINE_WIDTH - 110);
  const counts = lanes.map((k) => `${events.filter((e) => kindOf(e.type) === k).length} ${KIND_LABELS[k]}`);
  const shown = active === null ? null : events[active];
  return (
    <div className="timeline-plot">
      <svg
        className="plot"
        role="img"
        aria-label={`Timeline of ${events.length} events over ${fmtSeconds(end - start)}: ${counts.join(', ')}`}
        data-testid="session-timeline"
        viewBox={`0 0 ${TIMELINE_WIDTH} ${height}`}
        width={TIMELINE_WIDTH}
        height={height}
      >
        {lanes.map((k, i) => (
          <g key={k}>
            <text className="label" x={80} y={14 + i * LANE} textAnchor="end">
              {KIND_LABELS[k]}
            </text>
            <line className="grid" x1={90} x2={TIMELINE_WIDTH - 20} y1={10 + i * LANE} y2={10 + i * LANE} />
          </g>
        ))}
        {[0, 0.5, 1].map((t) => (
          <text key={t} className="axis" x={x(start + t * (end - start))} y={height - 6} textAnchor="middle">
            {fmtSeconds(t * (end - start))}
          </text>
        ))}
        {events.map((e, i) => {
          const kind = kindOf(e.type);
          const lane = lanes.indexOf(kind);
          return (
            <circle
              key={e.seq}
              className={active === i ? 'mark active' : 'mark'}
              cx={x(e.monoTime)}
              cy={10 + lane * LANE}
              r={active === i ? 6 : 4}
              fill={KIND_COLOURS[kind]}
              tabIndex={0}
              role="button"
              aria-label={`Event ${e.seq} at ${fmtSeconds(e.monoTime - start)}: ${describeEvent(e)}`}
              data-seq={e.seq}
              onMouseEnter={() => setActive(i)}
              onFocus={() => setActive(i)}
              onClick={() => onChoose?.(i)}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' || ev.key === ' ') {
                  ev.preventDefault();
                  onChoose?.(i);
                }
              }}
            />
          );
        })}
      </svg>
      <p className="timeline-detail" aria-live="polite" data-testid="timeline-detail">
        {shown
          ? `#${shown.seq} at ${fmtSeconds(shown.monoTime - start)} — ${describeEvent(shown)}${
              shown.targetIds.length ? ` — ${shown.targetIds.join(', ')}` : ''
            }`
          : 'Hover over or focus an event to see it; choose one to replay the session there.'}
      </p>
      <ul className="timeline-legend" aria-label="Kinds of events">
        {lanes.map((k) => (
          <li key={k}>
            <span className="swatch" style={{ background: KIND_COLOURS[k] }} /> {KIND_LABELS[k]}
          </li>
        ))}
      </ul>
    </div>
  );
}

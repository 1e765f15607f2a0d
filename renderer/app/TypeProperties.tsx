import type { Layer, Paint } from '../../native/model/document';
import { BUNDLED_FONT_FAMILIES } from '../canvas/fonts';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { dispatch } from './project-actions';
import { CommitField } from './PropertiesPanel';
import { ColourField } from './ColourField';

type Patch = Extract<Parameters<typeof dispatch>[1], { type: 'layer.update' }>['args']['patch'];

function Select<T extends string | number>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select
        aria-label={label}
        value={String(value)}
        onChange={(e) => {
          const picked = options.find((o) => String(o.value) === e.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A colour of a layer: live while picking, one undo step when done. */
function Colour({
  layerId,
  label,
  value,
  onChange,
}: {
  layerId: Layer['id'];
  label: string;
  value: string;
  onChange(colour: string): Patch;
}) {
  return (
    <ColourField
      label={label}
      value={value}
      toCommand={(v) => ({ type: 'layer.update', args: { layerId, patch: onChange(v) } })}
    />
  );
}

/** The fields only one kind of layer has: text and its font, a shape's fill and stroke, a fill's paint. */
export function TypeProperties({ layer }: { layer: Layer }) {
  const studio = useStudioApi();
  const update = (patch: Patch) =>
    dispatch(studio, { type: 'layer.update', args: { layerId: layer.id, patch } });
  const number = (
    label: string,
    value: number,
    key: 'fontSize' | 'lineHeight' | 'cornerRadius',
    min: number,
    max: number,
  ) => (
    <CommitField
      label={label}
      value={String(Math.round(value * 100) / 100)}
      onCommit={(v) => {
        const n = Number(v);
        if (v.trim() !== '' && Number.isFinite(n) && n >= min && n <= max) update({ [key]: n });
        else useStudio.getState().notify('error', `${label} must be a number from ${min} to ${max}`);
      }}
    />
  );

  switch (layer.type) {
    case 'text':
      return (
        <>
          <CommitField label="Text" multiline value={layer.text} onCommit={(text) => update({ text })} />
          <Select
            label="Font"
            value={layer.fontFamily}
            options={[...new Set([...BUNDLED_FONT_FAMILIES, layer.fontFamily])].map((f) => ({
              value: f,
              label: f,
            }))}
            onChange={(fontFamily) => update({ fontFamily })}
          />
          <div className="field-row">
            {number('Size', layer.fontSize, 'fontSize', 1, 2000)}
            <Select
              label="Weight"
              value={layer.fontWeight}
              options={[100, 200, 300, 400, 500, 600, 700, 800, 900].map((w) => ({
                value: w,
                label: String(w),
              }))}
              onChange={(fontWeight) => update({ fontWeight })}
            />
          </div>
          <div className="field-row">
            <Colour layerId={layer.id} label="Colour" value={layer.color} onChange={(color) => ({ color })} />
            <Select
              label="Align"
              value={layer.align}
              options={(['left', 'center', 'right', 'justify'] as const).map((a) => ({ value: a, label: a }))}
              onChange={(align) => update({ align })}
            />
          </div>
          {number('Line height', layer.lineHeight, 'lineHeight', 0.5, 5)}
        </>
      );
    case 'shape':
      return (
        <>
          <Select
            label="Shape"
            value={layer.shape}
            options={[
              { value: 'rect', label: 'Rectangle' },
              { value: 'ellipse', label: 'Ellipse' },
            ]}
            onChange={(shape) => update({ shape })}
          />
          <div className="field-row">
            <Colour
              layerId={layer.id}
              label="Fill"
              value={layer.fill ?? '#ffffff'}
              onChange={(fill) => ({ fill })}
            />
            <label className="field">
              <span>No fill</span>
              <input
                type="checkbox"
                aria-label="No fill"
                checked={layer.fill === null}
                onChange={(e) => update({ fill: e.target.checked ? null : '#4f8cff' })}
              />
            </label>
          </div>
          <div className="field-row">
            <Colour
              layerId={layer.id}
              label="Stroke"
              value={layer.stroke?.color ?? '#000000'}
              onChange={(color) => ({ stroke: { color, width: layer.stroke?.width || 4 } })}
            />
            <CommitField
              label="Stroke width"
              value={String(layer.stroke?.width ?? 0)}
              onCommit={(v) => {
                const n = Number(v);
                if (!Number.isFinite(n) || n < 0 || n > 1000)
                  useStudio.getState().notify('error', 'Stroke width must be a number from 0 to 1000');
                else
                  update({ stroke: n === 0 ? null : { color: layer.stroke?.color ?? '#000000', width: n } });
              }}
            />
          </div>
          {layer.shape === 'rect' && number('Corner radius', layer.cornerRadius, 'cornerRadius', 0, 100000)}
        </>
      );
    case 'fill': {
      const paint = layer.fill;
      const setPaint = (fill: Paint) => update({ fill });
      return (
        <>
          <Select
            label="Paint"
            value={paint.kind}
            options={[
              { value: 'solid', label: 'Solid colour' },
              { value: 'linear', label: 'Linear gradient' },
            ]}
            onChange={(kind) =>
              setPaint(
                kind === 'solid'
                  ? { kind: 'solid', color: paint.kind === 'solid' ? paint.color : paint.stops[0]!.color }
                  : {
                      kind: 'linear',
                      angle: 90,
                      stops: [
                        { offset: 0, color: paint.kind === 'solid' ? paint.color : '#4f8cff' },
                        { offset: 1, color: '#ff3d9a' },
                      ],
                    },
              )
            }
          />
          {paint.kind === 'solid' ? (
            <Colour
              layerId={layer.id}
              label="Colour"
              value={paint.color}
              onChange={(color) => ({ fill: { kind: 'solid', color } })}
            />
          ) : (
            <>
              <div className="field-row">
                {paint.stops.map((stop, i) => (
                  <Colour
                    layerId={layer.id}
                    key={i}
                    label={i === 0 ? 'From' : i === paint.stops.length - 1 ? 'To' : `Stop ${i + 1}`}
                    value={stop.color}
                    onChange={(color) => ({
                      fill: { ...paint, stops: paint.stops.map((s, j) => (j === i ? { ...s, color } : s)) },
                    })}
                  />
                ))}
              </div>
              <CommitField
                label="Angle"
                value={String(paint.angle)}
                onCommit={(v) => {
                  const n = Number(v);
                  if (Number.isFinite(n) && n >= -360 && n <= 360) setPaint({ ...paint, angle: n });
                  else
                    useStudio
                      .getState()
                      .notify('error', 'Angle must be a number of degrees from -360 to 360');
                }}
              />
            </>
          )}
        </>
      );
    }
    default:
      return null;
  }
}

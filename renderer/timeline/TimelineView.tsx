import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type PointerEvent,
} from 'react';
import { AUDIO_TRACK_KINDS, isAudioTrackKind, timelineEnd } from '../../native/model/clip-edit';
import type { Clip } from '../../native/model/document';
import type { ShotId } from '../../native/model/ids';
import { secondsToFrames } from '../../native/model/time';
import { usePictures } from '../canvas/use-pictures';
import { PreviewPlayer } from '../preview/PreviewPlayer';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { gesture } from '../app/project-actions';
import { ClipView } from './ClipView';
import {
  idle,
  press,
  type ClipPart,
  type DragState,
  type TimelineHost,
  type TimelinePointer,
} from './clip-drag';
import { CLIP_HEIGHT, HEADER_WIDTH, RULER_HEIGHT, TRACK_HEIGHT } from './layout';
import { Ruler } from './Ruler';
import { addTrack, AUDIO_EXTENSIONS, clipName, importAudioFiles, TRACK_KIND_NAMES } from './timeline-actions';
import { TimelineToolbar } from './TimelineToolbar';
import { TrackHeader } from './TrackHeader';
import { audioBuffer, keepAudioBuffers } from './audio-buffers';
import { isPlaying } from './transport';
import { edgeScroll } from './edge-scroll';
import { addCaption, DEFAULT_CAPTION_SECONDS, setCaptionText } from './caption-actions';
import { CaptionClipView } from './CaptionClipView';
import { CaptionEditor } from './CaptionEditor';
import { pressShotEdge } from './shot-edge-drag';
import { timelineRows, trackAtRow } from './timeline-rows';
import { VideoTrack } from './VideoTrack';
import './story-tracks.css';

/** Seconds of empty timeline shown after the last clip, to drop and drag into. */
const TAIL_SECONDS = 30;

/** The zoom now, in pixels per frame (read by handlers, which outlive a render). */
function pxPerFrameNow(): number {
  const { timelineZoom, project } = useStudio.getState();
  return timelineZoom / (project?.doc.timeline.fps ?? 30);
}

const isAudioFile = (file: File) =>
  file.type.startsWith('audio/') ||
  AUDIO_EXTENSIONS.includes(file.name.split('.').pop()?.toLowerCase() ?? '');

/** The narrowest the inline caption editor gets, pixels. */
const CAPTION_EDITOR_MIN_WIDTH = 180;

/**
 * The Timeline: the preview player, then the video track made of the storyboard's shots, the
 * captions, and the audio tracks with their headers, clips with waveforms, the ruler and the
 * playhead, NLE-style. Clips are moved, trimmed, faded and levelled with the mouse, and shots
 * lengthened by their right edge (each drag one undo step, snapping to frames, beats, clip
 * edges and the playhead); Space, J/K/L, Home and End play and move the playhead (see
 * commands.ts); Ctrl+wheel zooms about the pointer.
 */
export function TimelineView() {
  const studio = useStudioApi();
  const doc = useStudio((s) => s.project!.doc);
  const zoom = useStudio((s) => s.timelineZoom);
  const selectedClipId = useStudio((s) => s.selectedClipId);
  const targetTrackId = useStudio((s) => s.targetTrackId);
  const editingCaption = useStudio((s) => s.editingCaption);
  const { timeline, assets } = doc;
  const fps = timeline.fps;
  const pxPerFrame = zoom / fps;
  const scroller = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const playheadLine = useRef<HTMLDivElement>(null);
  const [guide, setGuide] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | undefined>();
  const drag = useRef<DragState>(idle);

  // Decoded images and the bundled fonts, for the shots' pictures (thumbnails draw again as they arrive).
  const { images, imagesVersion, fontsReady } = usePictures(studio);

  // What is in view: the lanes' width, and which screenful they are scrolled to (clips draw
  // their waveforms for that screen and one either side, so scrolling rarely redraws them).
  const [view, setView] = useState({ width: 800, page: 0 });
  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const width = Math.max(100, el.clientWidth - HEADER_WIDTH);
    const page = Math.floor(el.scrollLeft / width);
    setView((v) => (v.width === width && v.page === page ? v : { width, page }));
  }, []);
  useLayoutEffect(() => {
    measure();
    const el = scroller.current!;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    el.addEventListener('scroll', measure);
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [measure]);
  const visible = useMemo(
    () => ({ from: (view.page - 1) * view.width, to: (view.page + 2) * view.width, screen: view.width }),
    [view],
  );

  const end = Math.max(
    timelineEnd(timeline),
    doc.shotOrder.reduce((n, id) => n + (doc.shots[id]?.durationFrames ?? 0), 0),
  );
  const contentWidth = Math.max(view.width, (end + TAIL_SECONDS * fps) * pxPerFrame);
  const rows = timelineRows(doc);
  const lanesHeight = RULER_HEIGHT + rows.length * TRACK_HEIGHT;
  // The lane the caption editor opens in: the first captions track's, or the empty captions row.
  const captionsRow = rows.findIndex(
    (r) =>
      r.kind === 'new-captions' || (r.kind === 'track' && timeline.tracks[r.trackId]?.kind === 'captions'),
  );

  // The audio on the timeline is decoded ahead of Play; audio no longer on it is let go.
  useEffect(() => {
    const shas = new Set<string>();
    for (const clip of Object.values(timeline.clips)) {
      const asset = clip.assetId ? assets[clip.assetId] : undefined;
      if (asset?.kind === 'audio') shas.add(asset.sha256);
    }
    keepAudioBuffers(shas);
    for (const sha of shas) audioBuffer(studio, sha).catch(() => {});
  }, [studio, timeline.clips, assets]);

  // The playhead moves every frame while playing: straight into the DOM, not through React.
  useLayoutEffect(() => {
    const el = scroller.current!;
    const show = () => {
      const frame = useStudio.getState().playheadFrame;
      const x = frame * pxPerFrame;
      root.current?.setAttribute('data-playhead', String(frame));
      // Playing off the screen turns the page, as editors do.
      const width = el.clientWidth - HEADER_WIDTH;
      if (isPlaying() && (x > el.scrollLeft + width - 20 || x < el.scrollLeft))
        el.scrollLeft = Math.max(0, x - 40);
      const line = playheadLine.current;
      if (!line) return;
      line.style.transform = `translateX(${x}px)`;
      // Scrolled under the track headers, it is out of view.
      line.style.visibility = x < el.scrollLeft - 0.5 ? 'hidden' : 'visible';
    };
    show();
    el.addEventListener('scroll', show);
    const unsubscribe = useStudio.subscribe((s, before) => {
      if (s.playheadFrame !== before.playheadFrame) show();
    });
    return () => {
      unsubscribe();
      el.removeEventListener('scroll', show);
    };
  }, [pxPerFrame]);

  // Zoom about a point (the pointer for Ctrl+wheel, else the playhead when in view, else the
  // middle): the frame under it stays under it.
  const anchor = useRef<{ frame: number; offset: number } | null>(null);
  const zoomBy = useCallback((factor: number, clientX?: number) => {
    const el = scroller.current;
    const { timelineZoom, setTimelineZoom } = useStudio.getState();
    if (el && clientX !== undefined) {
      const offset = clientX - el.getBoundingClientRect().left - HEADER_WIDTH;
      anchor.current = { frame: (el.scrollLeft + offset) / pxPerFrameNow(), offset };
    }
    setTimelineZoom(timelineZoom * factor);
  }, []);
  const shownAt = useRef(pxPerFrame);
  useLayoutEffect(() => {
    const el = scroller.current;
    const before = shownAt.current;
    shownAt.current = pxPerFrame;
    if (!el || before === pxPerFrame) return;
    const width = el.clientWidth - HEADER_WIDTH;
    const playheadX = useStudio.getState().playheadFrame * before - el.scrollLeft;
    const offset = playheadX >= 0 && playheadX <= width ? playheadX : width / 2;
    const a = anchor.current ?? { frame: (el.scrollLeft + offset) / before, offset };
    anchor.current = null;
    el.scrollLeft = Math.max(0, a.frame * pxPerFrame - a.offset);
  }, [pxPerFrame]);
  const fit = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const frames = Math.max(10 * fps, end);
    anchor.current = { frame: 0, offset: 0 };
    useStudio.getState().setTimelineZoom(((el.clientWidth - HEADER_WIDTH - 40) / frames) * fps);
  }, [end, fps]);

  // Ctrl+wheel zooms (the page must not); a plain wheel scrolls, Shift+wheel sideways.
  useEffect(() => {
    const el = scroller.current!;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      zoomBy(Math.exp(-e.deltaY * 0.002), e.clientX);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomBy]);

  const pointerOf = useCallback(
    (e: { clientX: number; clientY: number; shiftKey: boolean }): TimelinePointer => {
      const el = scroller.current!;
      const box = el.getBoundingClientRect();
      const x = e.clientX - box.left - HEADER_WIDTH + el.scrollLeft;
      const row = Math.floor((e.clientY - box.top + el.scrollTop - RULER_HEIGHT) / TRACK_HEIGHT);
      const doc = useStudio.getState().project?.doc;
      return {
        x: e.clientX,
        y: e.clientY,
        frame: x / pxPerFrameNow(),
        trackId: doc ? trackAtRow(timelineRows(doc), row) : null,
        shift: e.shiftKey,
      };
    },
    [],
  );

  const host = useMemo<TimelineHost>(
    () => ({
      doc: () => useStudio.getState().project!.doc,
      pxPerFrame: pxPerFrameNow,
      clipHeight: () => CLIP_HEIGHT,
      playheadFrame: () => useStudio.getState().playheadFrame,
      snapping: () => useStudio.getState().snapping,
      select: (id) => useStudio.getState().selectClip(id),
      begin: (label) => gesture.begin(label),
      update: (command) => gesture.update(command),
      commit: () => gesture.commit(studio),
      cancel: () => gesture.cancel(),
      guide: setGuide,
    }),
    [studio],
  );
  const transition = (next: DragState) => {
    drag.current = next;
    setCursor(next.cursor);
  };
  // The last pointer seen in a drag: edge scrolling moves the drag on with it.
  const lastPointer = useRef<{ clientX: number; clientY: number; shiftKey: boolean } | null>(null);
  const edge = useRef<ReturnType<typeof edgeScroll> | null>(null);
  useEffect(() => {
    const scroll = edgeScroll({
      element: () => scroller.current,
      inset: HEADER_WIDTH,
      scrolled: () => {
        const last = lastPointer.current;
        const next = last && drag.current.move?.(pointerOf(last));
        if (next) drag.current = next;
      },
    });
    edge.current = scroll;
    return () => scroll.stop();
  }, [pointerOf]);
  const onPress = useCallback(
    (clipId: string, part: ClipPart, e: PointerEvent) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      scroller.current?.setPointerCapture(e.pointerId);
      drag.current = press(clipId, part, pointerOf(e), host);
    },
    [host, pointerOf],
  );
  const onPressEdge = useCallback(
    (shotId: ShotId, e: PointerEvent) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      scroller.current?.setPointerCapture(e.pointerId);
      drag.current = pressShotEdge(shotId, pointerOf(e), host);
    },
    [host, pointerOf],
  );
  const onEditCaption = useCallback(
    (clip: Clip) => useStudio.getState().editCaption({ clipId: clip.id, frame: clip.startFrame }),
    [],
  );
  // Escape abandons a drag: the clip goes back to where it was.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || drag.current === idle) return;
      drag.current = drag.current.cancel?.() ?? idle;
      setCursor(undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Audio dropped on a lane lands there, at the frame under the pointer.
  const [dropping, setDropping] = useState(false);
  const onDrop = (e: DragEvent) => {
    const files = Array.from(e.dataTransfer.files).filter(isAudioFile);
    setDropping(false);
    if (files.length === 0) return; // images go on to the workspace (the Canvas)
    e.preventDefault();
    e.stopPropagation();
    const p = pointerOf(e);
    void importAudioFiles(studio, files, { frame: p.frame, trackId: p.trackId });
  };
  const importAt = useCallback(() => {
    const { playheadFrame, targetTrackId } = useStudio.getState();
    return { frame: playheadFrame, trackId: targetTrackId };
  }, []);

  /** The inline editor for a new caption at the playhead or for an existing caption's text. */
  function captionEditor(edit: { clipId: string | null; frame: number }) {
    const clip = edit.clipId ? timeline.clips[edit.clipId] : undefined;
    if (edit.clipId && !clip) return null;
    const frames = clip?.durationFrames ?? secondsToFrames(DEFAULT_CAPTION_SECONDS, fps);
    const close = () => useStudio.getState().editCaption(null);
    return (
      <CaptionEditor
        key={edit.clipId ?? `new@${edit.frame}`}
        left={edit.frame * pxPerFrame}
        width={Math.max(CAPTION_EDITOR_MIN_WIDTH, frames * pxPerFrame)}
        initial={clip?.text ?? ''}
        commit={(text) => {
          close();
          if (clip) setCaptionText(studio, clip.id, text);
          else addCaption(studio, edit.frame, text);
        }}
        cancel={close}
      />
    );
  }

  return (
    <div
      className={dropping ? 'timeline dropping' : 'timeline'}
      data-testid="timeline"
      ref={root}
      data-zoom={zoom}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <TimelineToolbar onZoom={(f) => zoomBy(f)} onFit={fit} importAt={importAt} />
      {doc.shotOrder.length > 0 && (
        <PreviewPlayer images={images} imagesVersion={imagesVersion} fontsReady={fontsReady} />
      )}
      <div
        ref={scroller}
        className="timeline-scroll"
        style={{ cursor }}
        onPointerMove={(e) => {
          const next = drag.current.move?.(pointerOf(e));
          if (next && next !== drag.current) transition(next);
          if (drag.current === idle || drag.current.name === 'pressing') return;
          lastPointer.current = { clientX: e.clientX, clientY: e.clientY, shiftKey: e.shiftKey };
          edge.current?.pointer(e.clientX);
        }}
        onPointerUp={(e) => {
          edge.current?.stop();
          if (drag.current === idle) return;
          transition(drag.current.up?.(pointerOf(e)) ?? idle);
        }}
        onPointerCancel={() => {
          edge.current?.stop();
          transition(drag.current.cancel?.() ?? idle);
        }}
        onPointerDown={(e) => {
          // A press on a track (not on a clip) targets it and lets go of the selected clip.
          const row = (e.target as HTMLElement).closest<HTMLElement>('.lane, .track-header');
          if (e.button !== 0 || !row) return;
          useStudio.getState().targetTrack(row.dataset.trackId ?? null);
          if (row.classList.contains('lane')) useStudio.getState().selectClip(null);
        }}
      >
        <div
          className="timeline-content"
          style={{
            width: HEADER_WIDTH + contentWidth,
            minHeight: lanesHeight,
          }}
        >
          <div className="timeline-ruler-row" style={{ height: RULER_HEIGHT }}>
            <div className="timeline-corner" style={{ width: HEADER_WIDTH }}>
              Tracks
            </div>
            <Ruler fps={fps} pxPerFrame={pxPerFrame} scroller={scroller} width={view.width} end={end} />
          </div>
          {rows.length === 0 ? (
            <div className="timeline-empty empty-view" style={{ width: HEADER_WIDTH + view.width }}>
              <h2>The timeline is empty</h2>
              <p className="muted">
                Add a track, drop audio here, or accept a soundtrack in the Soundtrack panel to start a cut.
              </p>
              <div className="timeline-empty-actions">
                {AUDIO_TRACK_KINDS.map((kind) => (
                  <button key={kind} type="button" onClick={() => addTrack(studio, kind)}>
                    Add {TRACK_KIND_NAMES[kind]} track
                  </button>
                ))}
              </div>
            </div>
          ) : (
            rows.map((row, index) => {
              const editor = index === captionsRow && editingCaption ? captionEditor(editingCaption) : null;
              if (row.kind === 'video')
                return (
                  <VideoTrack
                    key="video"
                    doc={doc}
                    pxPerFrame={pxPerFrame}
                    width={contentWidth}
                    images={images}
                    imagesVersion={imagesVersion}
                    fontsReady={fontsReady}
                    onPressEdge={onPressEdge}
                  />
                );
              if (row.kind === 'new-captions')
                return (
                  <div className="track-row" key="new-captions" style={{ height: TRACK_HEIGHT }}>
                    <div
                      className="track-header track-captions"
                      role="group"
                      aria-label="Captions track"
                      style={{ width: HEADER_WIDTH, height: TRACK_HEIGHT }}
                    >
                      <div className="track-title">
                        <span className="track-name">Captions</span>
                        <span className="track-kind">Captions</span>
                      </div>
                      <span className="muted small-text">“Add caption” puts one at the playhead</span>
                    </div>
                    <div
                      className="lane lane-captions"
                      role="group"
                      aria-label="Captions clips"
                      style={{ width: contentWidth, height: TRACK_HEIGHT }}
                    >
                      {editor}
                    </div>
                  </div>
                );
              const track = timeline.tracks[row.trackId]!;
              return (
                <div className="track-row" key={track.id} style={{ height: TRACK_HEIGHT }}>
                  <TrackHeader track={track} targeted={track.id === targetTrackId} />
                  <div
                    className={`lane lane-${track.kind}${track.muted ? ' muted' : ''}`}
                    role="group"
                    aria-label={`${track.name} clips`}
                    data-track-id={track.id}
                    style={{ width: contentWidth, height: TRACK_HEIGHT }}
                  >
                    {track.clipIds.map((id) => {
                      const clip = timeline.clips[id];
                      if (!clip) return null;
                      if (track.kind === 'captions')
                        return (
                          <CaptionClipView
                            key={id}
                            clip={clip}
                            fps={fps}
                            pxPerFrame={pxPerFrame}
                            selected={id === selectedClipId}
                            onPress={onPress}
                            onEdit={onEditCaption}
                          />
                        );
                      return (
                        <ClipView
                          key={id}
                          clip={clip}
                          asset={clip.assetId ? assets[clip.assetId] : undefined}
                          name={clipName(doc, clip)}
                          kind={track.kind}
                          fps={fps}
                          pxPerSecond={zoom}
                          selected={id === selectedClipId}
                          visible={visible}
                          editable={isAudioTrackKind(track.kind)}
                          onPress={onPress}
                        />
                      );
                    })}
                    {editor}
                  </div>
                </div>
              );
            })
          )}
          <div
            className="playhead"
            ref={playheadLine}
            aria-hidden="true"
            style={{ left: HEADER_WIDTH, height: lanesHeight }}
          />
          {guide !== null && (
            <div
              className="snap-guide"
              data-testid="snap-guide"
              aria-hidden="true"
              style={{
                left: HEADER_WIDTH + guide * pxPerFrame,
                height: lanesHeight,
              }}
            />
          )}
        </div>
      </div>
    </div>
  );
}

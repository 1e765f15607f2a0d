import { z } from 'zod';
import {
  AppInfoSchema,
  FilesListArgsSchema,
  FilesListSchema,
  FilesResolveSaveArgsSchema,
  FilesResolveSaveSchema,
  FilesRootsSchema,
  NoArgsSchema,
  PathArgsSchema,
  RecentListSchema,
  SettingsPatchSchema,
  SettingsSchema,
} from './schemas';
import { JobIdSchema, JobInfoSchema, JobProgressSchema, JobSpecSchema } from './jobs';
import { ModelAddArgsSchema, ModelDownloadArgsSchema, ModelIdArgsSchema, ModelsListSchema } from './models';
import {
  AssetBytesSchema,
  ExportAllArgsSchema,
  ProjectExportVideoArgsSchema,
  ExportVideoJobSchema,
  ProjectExportImageArgsSchema,
  ExportJobsSchema,
  ImportImageArgsSchema,
  ImportMaskArgsSchema,
  GenerateFillArgsSchema,
  GenerateFillResultSchema,
  GenerateFrameArgsSchema,
  GenerateFrameResultSchema,
  AcceptVariantArgsSchema,
  AcceptVariantResultSchema,
  AcceptMusicArgsSchema,
  AcceptMusicResultSchema,
  AudioPeaksSchema,
  GenerateMusicArgsSchema,
  GenerateMusicResultSchema,
  ImportAudioArgsSchema,
  ImportVideoArgsSchema,
  VideoMediaArgsSchema,
  ImportedAssetSchema,
  EditSchema,
  NewProjectArgsSchema,
  OpenSampleArgsSchema,
  ProjectStateSchema,
  ProjectStatusSchema,
  RecoveryEntrySchema,
  UiEventSchema,
} from './project';
import {
  StudyAnswersSchema,
  StudyConsentArgsSchema,
  StudyLoadArgsSchema,
  StudyPauseArgsSchema,
  StudyStartParticipantArgsSchema,
  StudyStartParticipantResultSchema,
  StudyStateSchema,
} from './study';
import {
  ResearchAnalysisSchema,
  ResearchAnalyzeArgsSchema,
  ResearchAssetArgsSchema,
  ResearchReplayAtArgsSchema,
  ResearchReplayAtSchema,
  ResearchSessionEventsArgsSchema,
  ResearchSessionEventsSchema,
} from './research';

interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  result: R;
}
interface GroupSpec {
  methods: Record<string, MethodSpec>;
  events: Record<string, z.ZodType>;
}

const method = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R): MethodSpec<A, R> => ({
  args,
  result,
});

/**
 * The StudioApi contract: the only thing that crosses from the UI to the engine. Each group is
 * implemented by the native module that owns its area; every argument and result has a schema,
 * checked by the receiving side (see `createDispatcher`).
 */
export const studioContract = {
  app: {
    methods: { info: method(NoArgsSchema, AppInfoSchema) },
    events: {},
  },
  settings: {
    methods: {
      get: method(NoArgsSchema, SettingsSchema),
      set: method(SettingsPatchSchema, SettingsSchema),
    },
    events: { changed: SettingsSchema },
  },
  recent: {
    methods: {
      list: method(NoArgsSchema, RecentListSchema),
      add: method(PathArgsSchema, RecentListSchema),
      remove: method(PathArgsSchema, RecentListSchema),
      clear: method(NoArgsSchema, RecentListSchema),
    },
    events: {},
  },
  files: {
    methods: {
      roots: method(NoArgsSchema, FilesRootsSchema),
      list: method(FilesListArgsSchema, FilesListSchema),
      resolveSave: method(FilesResolveSaveArgsSchema, FilesResolveSaveSchema),
    },
    events: {},
  },
  project: {
    methods: {
      new: method(NewProjectArgsSchema, ProjectStateSchema),
      open: method(PathArgsSchema, ProjectStateSchema),
      openSample: method(OpenSampleArgsSchema, ProjectStateSchema),
      current: method(NoArgsSchema, ProjectStateSchema.nullable()),
      edit: method(
        z.strictObject({ edit: EditSchema, revision: z.number().int().min(0) }),
        ProjectStatusSchema,
      ),
      save: method(NoArgsSchema, ProjectStatusSchema),
      saveAs: method(PathArgsSchema, ProjectStatusSchema),
      close: method(
        z.strictObject({ discard: z.boolean().default(false) }).optional(),
        z.strictObject({ closed: z.boolean() }),
      ),
      recoverable: method(NoArgsSchema, z.array(RecoveryEntrySchema)),
      recover: method(z.strictObject({ id: z.string().min(1).max(300) }), ProjectStateSchema),
      discardRecovery: method(
        z.strictObject({ id: z.string().min(1).max(300) }),
        z.array(RecoveryEntrySchema),
      ),
      importImage: method(ImportImageArgsSchema, ImportedAssetSchema),
      importMask: method(ImportMaskArgsSchema, ImportedAssetSchema),
      generateFill: method(GenerateFillArgsSchema, GenerateFillResultSchema),
      generateFrame: method(GenerateFrameArgsSchema, GenerateFrameResultSchema),
      acceptVariant: method(AcceptVariantArgsSchema, AcceptVariantResultSchema),
      importAudio: method(ImportAudioArgsSchema, ImportedAssetSchema),
      importVideo: method(ImportVideoArgsSchema, ImportedAssetSchema),
      videoMedia: method(VideoMediaArgsSchema, AssetBytesSchema),
      audioPeaks: method(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }), AudioPeaksSchema),
      generateMusic: method(GenerateMusicArgsSchema, GenerateMusicResultSchema),
      acceptMusic: method(AcceptMusicArgsSchema, AcceptMusicResultSchema),
      asset: method(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }), AssetBytesSchema),
      exportImage: method(ProjectExportImageArgsSchema, ExportJobsSchema),
      exportAll: method(ExportAllArgsSchema, ExportJobsSchema),
      exportVideo: method(ProjectExportVideoArgsSchema, ExportVideoJobSchema),
    },
    events: { status: ProjectStatusSchema.nullable() },
  },
  feedback: {
    methods: { log: method(UiEventSchema, z.strictObject({ seq: z.number().int() })) },
    events: {},
  },
  study: {
    methods: {
      load: method(StudyLoadArgsSchema, StudyStateSchema),
      current: method(NoArgsSchema, StudyStateSchema.nullable()),
      startParticipant: method(StudyStartParticipantArgsSchema, StudyStartParticipantResultSchema),
      consent: method(StudyConsentArgsSchema, StudyStateSchema),
      pauseLogging: method(StudyPauseArgsSchema, StudyStateSchema),
      nextTask: method(NoArgsSchema, StudyStateSchema),
      submitQuestionnaire: method(StudyAnswersSchema, StudyStateSchema),
      end: method(NoArgsSchema, StudyStateSchema),
    },
    events: { changed: StudyStateSchema.nullable() },
  },
  research: {
    methods: {
      analyze: method(ResearchAnalyzeArgsSchema, ResearchAnalysisSchema),
      sessionEvents: method(ResearchSessionEventsArgsSchema, ResearchSessionEventsSchema),
      replayAt: method(ResearchReplayAtArgsSchema, ResearchReplayAtSchema),
      asset: method(ResearchAssetArgsSchema, AssetBytesSchema),
    },
    events: {},
  },
  models: {
    methods: {
      list: method(NoArgsSchema, ModelsListSchema),
      add: method(ModelAddArgsSchema, z.strictObject({ jobId: JobIdSchema })),
      download: method(ModelDownloadArgsSchema, z.strictObject({ jobId: JobIdSchema })),
      verify: method(ModelIdArgsSchema, z.strictObject({ jobId: JobIdSchema })),
      remove: method(ModelIdArgsSchema, ModelsListSchema),
    },
    events: { changed: ModelsListSchema },
  },
  jobs: {
    methods: {
      submit: method(JobSpecSchema, z.strictObject({ jobId: JobIdSchema })),
      cancel: method(z.strictObject({ jobId: JobIdSchema }), z.strictObject({ cancelled: z.boolean() })),
      get: method(z.strictObject({ jobId: JobIdSchema }), JobInfoSchema),
      list: method(NoArgsSchema, z.array(JobInfoSchema)),
      clearFinished: method(NoArgsSchema, z.strictObject({ removed: z.number().int() })),
    },
    events: { progress: JobProgressSchema, update: JobInfoSchema },
  },
} as const satisfies Record<string, GroupSpec>;

export type StudioContract = typeof studioContract;
export type GroupName = keyof StudioContract;
type MethodsOf<G extends GroupName> = StudioContract[G]['methods'];
type EventsOf<G extends GroupName> = StudioContract[G]['events'];

/** `"group.method"` for every method of the contract: a closed union. */
export type MethodName = {
  [G in GroupName]: `${G}.${keyof MethodsOf<G> & string}`;
}[GroupName];
/** `"group.event"` for every event of the contract. */
export type EventName = {
  [G in GroupName]: `${G}.${keyof EventsOf<G> & string}`;
}[GroupName];

type SpecOf<N extends MethodName> = N extends `${infer G extends GroupName}.${infer M}`
  ? M extends keyof MethodsOf<G>
    ? MethodsOf<G>[M]
    : never
  : never;
type EventSchemaOf<N extends EventName> = N extends `${infer G extends GroupName}.${infer E}`
  ? E extends keyof EventsOf<G>
    ? EventsOf<G>[E]
    : never
  : never;

export type ArgsIn<N extends MethodName> = z.input<SpecOf<N>['args']>;
export type ArgsOut<N extends MethodName> = z.output<SpecOf<N>['args']>;
export type ResultOf<N extends MethodName> = z.output<SpecOf<N>['result']>;
export type EventPayload<N extends EventName> = z.output<EventSchemaOf<N>>;

export type Unsubscribe = () => void;

type ClientMethod<S> =
  S extends MethodSpec<infer A, infer R>
    ? undefined extends z.input<A>
      ? (args?: z.input<A>) => Promise<z.output<R>>
      : (args: z.input<A>) => Promise<z.output<R>>
    : never;

type ClientGroup<G extends GroupName> = { [M in keyof MethodsOf<G>]: ClientMethod<MethodsOf<G>[M]> } & {
  [E in keyof EventsOf<G> as `on${Capitalize<E & string>}`]: (
    listener: (payload: z.output<EventsOf<G>[E]>) => void,
  ) => Unsubscribe;
};

/**
 * What the renderer sees: typed async methods grouped by area, plus `onX` events.
 *
 * @example
 * const info = await studio.app.info();
 * const off = studio.jobs.onProgress(({ jobId, progress }) => bar(jobId, progress));
 */
export type StudioApi = { [G in GroupName]: ClientGroup<G> };

export function methodNames(): MethodName[] {
  return Object.entries(studioContract).flatMap(([g, spec]) =>
    Object.keys(spec.methods).map((m) => `${g}.${m}` as MethodName),
  );
}

export function eventNames(): EventName[] {
  return Object.entries(studioContract).flatMap(([g, spec]) =>
    Object.keys(spec.events).map((e) => `${g}.${e}` as EventName),
  );
}

/** Looks up a method's schemas by its wire name; undefined for an unknown name. */
export function methodSpec(name: string): MethodSpec | undefined {
  return lookup(name, 'methods');
}

export function eventSchema(name: string): z.ZodType | undefined {
  return lookup(name, 'events');
}

/** Own properties only: `__proto__.x` or `app.toString` must not reach Object.prototype. */
function lookup<P extends keyof GroupSpec>(name: string, part: P): GroupSpec[P][string] | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const groupName = name.slice(0, dot);
  const key = name.slice(dot + 1);
  if (!Object.hasOwn(studioContract, groupName)) return undefined;
  const table = (studioContract as Record<string, GroupSpec>)[groupName]![part];
  return Object.hasOwn(table, key) ? (table[key] as GroupSpec[P][string]) : undefined;
}

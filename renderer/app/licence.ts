import { modelIdOf } from '../../native/api/models';
import { useStudio } from '../state/store';
import { ask } from './project-actions';

/**
 * A model whose licence does not allow commercial use, in a project marked commercial: the user
 * is asked first. True when they confirmed, false when there was nothing to ask, null when they
 * declined. `engine` is a fill or music engine (`model:<id>` names a model of the models folder).
 */
export async function licenceConfirmed(engine: string): Promise<boolean | null> {
  const { models, project } = useStudio.getState();
  const id = modelIdOf(engine);
  const model = id === null ? undefined : models?.models.find((m) => m.id === id);
  if (!model?.licence || model.licence.commercialUse || !project?.doc.commercial) return false;
  const choice = await ask(
    'Non-commercial model',
    `"${model.name}" is licensed ${model.licence.name}, which does not allow commercial use. ` +
      'This project is marked commercial (client work). Use the model anyway?',
    [
      { id: 'cancel', label: 'Cancel' },
      { id: 'use', label: 'Use it anyway', primary: true },
    ],
  );
  return choice === 'use' ? true : null;
}

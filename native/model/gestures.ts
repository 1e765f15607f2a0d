/**
 * What a gesture (a drag, a stroke, a slider) is called in the History panel and the edit log:
 * a closed list, so the log never carries free text here.
 */
export const GESTURE_LABELS = [
  'Move layer',
  'Resize layer',
  'Rotate layer',
  'Adjust property',
  'Change colour',
  'Paint mask',
  'Erase mask',
  'Select mask area',
  'Change mask',
  'Accept variant',
  'Accept all variants',
  'Extend artboard',
  'Add soundtrack',
  'Move clip',
  'Trim clip',
  'Fade clip',
  'Change gain',
  'Loop to fit',
  'Add audio',
  'Add shots',
  'Move shot',
  'Change duration',
  'Add caption',
  'Reframe shot',
  'Add clip',
  'Add artboard for frame',
] as const;
export type GestureLabel = (typeof GESTURE_LABELS)[number];

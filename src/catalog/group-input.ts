import { descriptionField, nameField } from './catalog-input.ts';

/** What a person fills in for a component group. */
export const groupFields = {
  name: nameField('group'),
  description: descriptionField(),
};

export const duplicateGroupName = (name: string): string => `There is already a group called “${name}”. Choose another name.`;

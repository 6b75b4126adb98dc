import { z } from 'zod';
import type { Component } from '../domain/types.ts';
import { checkbox, descriptionField, nameField } from './catalog-input.ts';

/** A calendar date, "YYYY-MM-DD", that exists (no 31 February); blank becomes null. */
const startDate = z
  .string({ error: 'Enter the start date as a date.' })
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === '' ? null : value))
  .refine((value) => {
    if (value === null) return true;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'Enter the start date as a date, like 2026-11-27.');

/** The group select: blank means "no group". */
const groupId = z
  .string({ error: 'Choose a group, or no group.' })
  .trim()
  .max(64, 'Choose a group from the list.')
  .optional()
  .transform((value) => (value === undefined || value === '' ? null : value));

/** What a person fills in for a component (the create and edit forms). */
export const componentFields = {
  name: nameField('component'),
  description: descriptionField(),
  groupId,
  showcase: checkbox,
  onlyShowIfDegraded: checkbox,
  startDate,
};

export const UNKNOWN_GROUP = 'That group does not exist any more. Reload the page and choose again.';
export const COMPONENT_GONE = 'This component does not exist any more. It may have just been deleted.';
export const GROUP_GONE = 'This group does not exist any more. It may have just been deleted.';

/** The component form's fields as the page shows them back. */
export interface ComponentFormValues {
  name: string;
  description: string;
  groupId: string;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: string;
}

/** What was typed (after a refused submit), so the form keeps it. */
export function componentFormFromInput(input: Record<string, string | string[]>): ComponentFormValues {
  const text = (key: string): string => {
    const value = input[key];
    return typeof value === 'string' ? value : '';
  };
  return {
    name: text('name'),
    description: text('description'),
    groupId: text('groupId'),
    showcase: input['showcase'] !== undefined,
    onlyShowIfDegraded: input['onlyShowIfDegraded'] !== undefined,
    startDate: text('startDate'),
  };
}

/** What is saved, for the edit form. */
export function componentFormFromComponent(component: Component): ComponentFormValues {
  return {
    name: component.name,
    description: component.description ?? '',
    groupId: component.groupId ?? '',
    showcase: component.showcase,
    onlyShowIfDegraded: component.onlyShowIfDegraded,
    startDate: component.startDate ?? '',
  };
}

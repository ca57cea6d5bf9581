// The events feature's vocabularies: the fixed values an event field may take.
export { ACCESSIBILITY } from '../directory/index.ts';
export const EVENT_FORMATS = ['in_person', 'online', 'hybrid', 'phone'] as const;
export const EVENT_AUDIENCES = ['everyone', 'affected', 'relatives', 'professionals'] as const;
export const REGISTRATION_MODES = ['none', 'open', 'approval'] as const;
export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;
/** A registration that holds or asks for a place (the others are over). */
export const ACTIVE_REGISTRATION = ['unconfirmed', 'pending', 'confirmed', 'waiting'] as const;
export const PAGE_SIZE = 20;
export const MAX_CAPACITY = 100_000;
export const MAX_RADIUS_KM = 200;
/** Longer events would have to be found by every query of the days before them; 14 days covers a retreat. */
export const MAX_EVENT_DAYS = 14;

export type EventFormat = (typeof EVENT_FORMATS)[number];
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export type RegistrationStatus = 'unconfirmed' | 'pending' | 'confirmed' | 'waiting' | 'declined' | 'cancelled';

/** Events people can join from anywhere appear for every place, like online groups. */
export const reachableFromAnywhere = (format: string): boolean => format === 'online' || format === 'phone' || format === 'hybrid';
export const hasPlace = (format: string): boolean => format === 'in_person' || format === 'hybrid';
export const hasLink = (format: string): boolean => format === 'online' || format === 'hybrid' || format === 'phone';
export const splitList = (value: string): string[] => (value ? value.split(',').filter(Boolean) : []);

import { unknownApiPath } from '../../../src/api/v1/endpoint.ts';

export const ALL = unknownApiPath;

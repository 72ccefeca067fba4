import { EventEmitter } from 'node:events';
import type { EventName, Events } from '../contract/channels';

/** Events for the UI, emitted by services and forwarded by whichever transport is connected. */
export class WorkstationEvents extends EventEmitter<{ [E in EventName]: [Events[E]] }> {}

import { join } from 'node:path';

// Where the data service of a network keeps its files: written by the agent (guests) and by the service (saved).

/** The data of the guest with that address: JSON of a GuestData, replaced atomically by the agent. */
export const guestFile = (dir: string, ip: string): string => join(dir, 'guests', `${ip}.json`);

/** The digest of the password the guest with that address acknowledged. */
export const savedFile = (dir: string, ip: string): string => join(dir, 'saved', ip);

import type { UserView } from '../contract/domain';

/** Who performs an action: a signed-in person, or the command line run by an operating-system user. */
export interface Actor {
  userId: number | null;
  /** The name written in the audit log, e.g. `ngoc.nt` or `cli:root`. */
  name: string;
  user: UserView | null;
}

export function userActor(user: UserView): Actor {
  return { userId: user.id, name: user.username, user };
}

export function commandLineActor(osUser: string): Actor {
  return { userId: null, name: `cli:${osUser}`, user: null };
}

/** Someone not signed in (a failed sign-in): the username they typed goes in the audit detail, never here. */
export function anonymousActor(): Actor {
  return { userId: null, name: 'anonymous', user: null };
}

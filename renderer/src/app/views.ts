/** The main area's views; the last two are for supervisors only. */
export type View = 'workspace' | 'summary' | 'users' | 'audit';

/** The main area's views; the last three are for supervisors only. */
export type View = 'workspace' | 'summary' | 'users' | 'profiles' | 'audit';

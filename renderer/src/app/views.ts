/** The main area's views; the last four are for supervisors only. */
export type View = 'workspace' | 'summary' | 'users' | 'profiles' | 'audit' | 'recovery';

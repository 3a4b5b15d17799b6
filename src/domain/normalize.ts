/** §1: emails are unique and compared case-insensitively after trimming. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Team names are unique within a company, case-insensitively, after trimming. */
export const teamNameKey = (name: string): string => name.trim().toLowerCase();

import type { User } from '../db/schema.js';

/** A user row in the User shape of API.md: never the password's hash. */
export const presentUser = (user: User) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  emailVerified: user.emailVerified === 1,
  language: user.language,
});

import type { ComponentType } from 'react';
import type { Me } from '../../api.js';
import { CompaniesSection } from './companies.js';
import { DeleteSection } from './delete.js';
import { EmailSection } from './email.js';
import { PasswordSection } from './password.js';
import { ProfileSection } from './profile.js';
import { SecurityLogSection } from './security-log.js';
import { SessionsSection } from './sessions.js';
import { TokensSection } from './tokens.js';
import { TwoFactorSection } from './two-factor.js';

/** One section of the Account area, at `/account/<id>`. */
export interface AccountSection {
  id: string;
  /** Its name in the area's navigation and its heading. */
  label: string;
  Component: ComponentType<{ me: Me }>;
}

/** The Account area's sections, in the order of its navigation; the first is `/account`'s. */
export const ACCOUNT_SECTIONS: readonly AccountSection[] = [
  { id: 'profile', label: 'Profile', Component: ProfileSection },
  { id: 'email', label: 'Email', Component: EmailSection },
  { id: 'password', label: 'Password', Component: PasswordSection },
  { id: 'two-factor', label: 'Two-factor authentication', Component: TwoFactorSection },
  { id: 'sessions', label: 'Sessions', Component: SessionsSection },
  { id: 'tokens', label: 'API tokens', Component: TokensSection },
  { id: 'security-log', label: 'Security log', Component: SecurityLogSection },
  { id: 'companies', label: 'Companies you can join', Component: CompaniesSection },
  { id: 'delete', label: 'Delete account', Component: DeleteSection },
];

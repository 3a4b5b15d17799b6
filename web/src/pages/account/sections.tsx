import type { ComponentType } from 'react';
import type { Me } from '../../api.js';
import type { Messages } from '../../i18n/messages.js';
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
  /** Its name in the area's navigation and its heading, in the account catalogue. */
  label: keyof Messages['account']['sections'];
  Component: ComponentType<{ me: Me }>;
}

/** The Account area's sections, in the order of its navigation; the first is `/account`'s. */
export const ACCOUNT_SECTIONS: readonly AccountSection[] = [
  { id: 'profile', label: 'profile', Component: ProfileSection },
  { id: 'email', label: 'email', Component: EmailSection },
  { id: 'password', label: 'password', Component: PasswordSection },
  { id: 'two-factor', label: 'twoFactor', Component: TwoFactorSection },
  { id: 'sessions', label: 'sessions', Component: SessionsSection },
  { id: 'tokens', label: 'tokens', Component: TokensSection },
  { id: 'security-log', label: 'securityLog', Component: SecurityLogSection },
  { id: 'companies', label: 'companies', Component: CompaniesSection },
  { id: 'delete', label: 'delete', Component: DeleteSection },
];

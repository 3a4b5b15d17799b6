/** Transferring the company's ownership to a member. */
export const ownership = {
  notYourPassword: 'This is not your password. Enter the password you sign in with.',
  contractsInTheWay:
    'Once no longer the owner, you could not stay the contact person of these contracts, in teams where you are not a hiring manager. Reassign or end them first:',
  confirmFirst: 'Nothing changed: confirm it is you to transfer ownership.',
  done: (member: string, company: string) => `${member} is now the owner of ${company}. You stay a member, with the admin role.`,
  title: 'Transfer ownership',
  intro: (member: string, company: string) => `Make ${member} the owner of ${company}. There is one owner; you would stay, as an admin.`,
  confirmTitle: (member: string, company: string) => `Make ${member} the owner of ${company}?`,
  theyBecome: (member: string) =>
    `${member} becomes the owner: they may do everything, including granting and revoking admin and finance, hiding teams and handing ownership on. They join the company’s default team if they are not in it.`,
  youStay: (member: string, company: string) =>
    `You stay a member of ${company} with your teams and roles, and the admin role besides. You are no longer the owner: only ${member} can make you the owner again.`,
  enterPassword: 'Enter your password to confirm.',
  yourPassword: 'Your password',
  transferring: 'Transferring…',
};

/** The person picker (web/src/person-picker.tsx): one person of the company, found as one types. */
export const people = {
  anyone: 'Anyone (type to find)',
  noMatch: 'No member matches.',
  clear: (label: string) => `Clear “${label}”`,
};

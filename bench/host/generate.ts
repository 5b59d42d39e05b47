/**
 * Policy-style Markdown for the editor benchmark: headings, paragraphs and lists naming ICBs,
 * local authorities, the VCSE sector, integrators and places, funding language ("within existing
 * resources", "£2.5bn") and page references. Seeded, so every run edits the same text.
 */
import { rng } from '../prng';

const SUBJECTS = [
  'Integrated care boards (ICBs)', 'Each ICB', 'Local authorities', 'The VCSE sector', 'The integrator',
  'Each place', 'Primary care networks (PCNs)', 'Acute trusts', 'Community providers', 'Neighbourhood teams',
  'The Health and Wellbeing Board', 'System partners', 'General practice', 'Each INT',
];
const VERBS = [
  'will work with', 'should agree arrangements with', 'are expected to support', 'will co-design services with',
  'must set out plans alongside', 'will take forward proposals with', 'should align priorities with',
];
const OBJECTS = [
  'local authorities and the VCSE sector', 'general practice at neighbourhood level', 'the integrator organisation',
  'place-based partnerships', 'social care providers', 'population health management teams',
  'community providers across the place', 'the ARRS workforce', 'acute trusts in the system', 'patients and carers',
];
const TAILS = [
  '.', ' (p13).', ' within existing resources.', ' with £2.5bn of new investment.', ', supported by additional funding.',
  ' by 2026/27 (pp 4-5).', ' at place level.', ' (Case for change p23).', ', funded through the Better Care Fund.',
  '; £300 million will be made available.', ' as set out in the operating model.',
];

export function generatePolicyMarkdown(targetChars: number, seed: number): string {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const parts: string[] = [];
  let size = 0;
  let section = 1;
  while (size < targetChars) {
    let block: string;
    const roll = r();
    if (roll < 0.06) block = `## ${section++}. ${pick(SUBJECTS).replace(/^(The|Each) /, '')} and ${pick(OBJECTS)}\n\n`;
    else if (roll < 0.16) {
      block = '';
      for (let i = 0; i < 3; i++) block += `- ${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(TAILS)}\n`;
      block += '\n';
    } else {
      let para = '';
      const n = 3 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) para += `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(TAILS)} `;
      block = para.trimEnd() + '\n\n';
    }
    parts.push(block);
    size += block.length;
  }
  return parts.join('').slice(0, targetChars);
}

import type { SlackUser } from './emulator.js';

/** The sample organisation the local demo starts with: people, what they declared, and a few open asks. */
export interface Colleague {
  id: string;
  name: string;
  title: string;
  skills: string[];
  interests: string[];
  admin?: boolean;
}

export const TEAM_ID = 'T0LOCAL01';
export const ASK_CHANNEL = { id: 'C0ASKANY1', name: 'ask-anything' };
export const GENERAL = { id: 'C0GENERAL', name: 'general' };

const c = (id: string, name: string, title: string, skills: string[], interests: string[] = []): Colleague => ({
  id,
  name,
  title,
  skills,
  interests,
});

// One person declares blogging, so an ask about a blog has one clear match (the README's walk-through).
export const COLLEAGUES: Colleague[] = [
  { ...c('U0PRIYA01', 'Priya Shah', 'Head of Communications', ['Communications', 'Media relations']), admin: true },
  c('U0SAM0001', 'Sam Okafor', 'Payroll Officer', ['Blogging', 'Photography', 'Payroll'], ['Podcasting']),
  c('U0TOM0001', 'Tom Fletcher', 'Finance Manager', ['Budgeting', 'Financial modelling'], ['Python']),
  c('U0AISHA01', 'Aisha Rahman', 'Procurement Lead', ['Procurement', 'Contract management'], ['Spanish']),
  c('U0MEI0001', 'Mei Chen', 'Product Manager', ['Product management', 'OKRs'], ['Facilitation']),
  c('U0OLIVER1', 'Oliver Grant', 'Policy Adviser', ['Policy', 'Plain English'], ['Data analysis']),
  c('U0LUCIA01', 'Lucía Romero', 'Customer Service Lead', ['Spanish', 'Customer service', 'Mediation']),
  c('U0DAVID01', 'David Mensah', 'Data Analyst', ['Excel', 'Data analysis', 'SQL', 'Power BI'], ['Machine learning']),
  c('U0HANNA01', 'Hannah Berg', 'Service Designer', ['Facilitation', 'Design sprints', 'Service design']),
  c('U0RAJ0001', 'Raj Patel', 'Software Engineer', ['Python', 'TypeScript', 'PostgreSQL'], ['Mentoring']),
  c('U0EMMA001', 'Emma Walsh', 'HR Business Partner', ['Recruitment', 'Coaching', 'Employment law']),
  c('U0KWAME01', 'Kwame Asante', 'IT Support Analyst', ['Tech support', 'Microsoft 365', 'Linux'], ['Cyber security']),
  c('U0SOFIA01', 'Sofia Rossi', 'Graphic Designer', ['Graphic design', 'Illustration', 'Canva'], ['Animation']),
  c('U0JAMES01', 'James Murphy', 'Project Manager', ['Project management', 'Risk management'], ['Public speaking']),
  c('U0NADIA01', 'Nadia Haddad', 'Translator', ['Arabic', 'French', 'Translation'], ['Spanish']),
  c('U0BEN0001', 'Ben Carter', 'Facilities Manager', ['Health and safety', 'First aid', 'Fire marshal']),
  c('U0YUKI001', 'Yuki Tanaka', 'User Researcher', ['User research', 'Survey design'], ['Data visualisation']),
  c('U0GRACE01', 'Grace Lee', 'Accountant', ['Accounting', 'Excel', 'Tax'], ['Baking']),
  c('U0OMAR001', 'Omar Farouk', 'Content Designer', ['Content design', 'Copywriting', 'Editing and proofreading']),
  c('U0CLARA01', 'Clara Novak', 'Learning Coordinator', ['Training', 'E-learning', 'Event organising']),
  c('U0LIAM001', 'Liam O’Brien', 'Web Developer', ['JavaScript', 'WordPress', 'HTML and CSS'], ['React']),
  c('U0FATIM01', 'Fatima Bello', 'Wellbeing Lead', ['Mental health first aid', 'Yoga', 'Wellbeing']),
  c('U0NOAH001', 'Noah Schmidt', 'Statistician', ['Statistics', 'R', 'Data visualisation'], ['Python']),
  c('U0ELLA001', 'Ella Thompson', 'Office Manager', ['Office management', 'Minute taking'], ['Gardening']),
  c('U0MARCO01', 'Marco Bianchi', 'Sustainability Officer', ['Sustainability', 'Cycling', 'Italian']),
];

/** Asks already open when the demo starts, each from its asker; none mentions a blog. */
export const OPEN_ASKS: Array<{ asker: string; text: string }> = [
  { asker: 'U0TOM0001', text: 'Can anyone help me build a pivot table in Excel for the budget review?' },
  { asker: 'U0AISHA01', text: 'Looking for someone who speaks Spanish to check a letter to a supplier' },
  { asker: 'U0MEI0001', text: 'Our team wants to run a design sprint next month: who could facilitate it?' },
];

export const slackUser = (person: Colleague): SlackUser => ({
  id: person.id,
  team_id: TEAM_ID,
  name: person.name.split(' ')[0]!,
  real_name: person.name,
  tz: 'Europe/London',
  is_admin: Boolean(person.admin),
});

/**
 * Everyday words of asks and of skills typed in people's own words that say nothing about which
 * skill is meant ("help", "team", "running", "writing"). A free-text skill that shares only such
 * words with an ask is no match: "running projects" is not for "running a lesson", nor "writing
 * speeches" for "write the job ad". They are stemmed by PostgreSQL as the text is.
 */
export const GENERIC_WORDS = [
  // asking for help
  'help helping need needs want looking anyone someone somebody anybody please thanks advice advise ask asking',
  'could would like love know knows who good great best better quick quickly small big little bit lot lots',
  // time
  'time day days week weeks month months year years today tomorrow next last soon before after first second',
  'monday tuesday wednesday thursday friday weekend morning afternoon evening',
  // people and places
  'people person team teams staff colleague colleagues everyone group office work working job jobs role',
  'organisation organization company charity department',
  // everyday verbs
  'make making made get getting set setting start starting run running use using go going take taking',
  'give keep find tell come think try see show put bring sort fix fixing check checking review reviewing',
  'build building create creating do doing done improve improving learn learning teach',
  // verbs and nouns that name a kind of work, not a skill
  'write writing written plan planning organise organising organize manage managing management',
  'design designing develop developing development support supporting lead leading',
  'skill skills experience experienced expert basic basics advanced level new old thing things way',
  'question questions idea ideas problem problems project projects system systems service services',
  // words of many trades: reading a book or a screen reader, a user of anything, a board of any kind
  'read reading reader user users test testing call calls live end speak speaker speakers data report reports',
  'board book books online process site sites page pages public local form forms document documents meeting',
  'meetings tool tools app apps',
].join(' ');

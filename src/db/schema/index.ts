export * from './ask-matches';
export * from './asks';
export * from './catalogue';
export * from './people';
export * from './person-skills';
export * from './replies';
export * from './slack-events';
export * from './volunteers';

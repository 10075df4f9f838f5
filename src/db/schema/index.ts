export * from './asks';
export * from './people';
export * from './replies';
export * from './slack-events';
export * from './volunteers';

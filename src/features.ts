import type { App } from '@slack/bolt';
import { registerNoticeControls as noticeControls } from './asks/notice-controls.js';
import { register as asks } from './asks/register.js';
import type { Deps } from './deps.js';
import { register as digest } from './digest/register.js';
import { register as home } from './home/register.js';
import { register as installations } from './installations/register.js';
import { register as people } from './people/register.js';
import { register as settings } from './settings/register.js';
import { register as skills } from './skills/register.js';
import { register as talent } from './talent/register.js';

/** Every feature's register(app, deps); the manifest test reads what they register. */
export const features: Array<(app: App, deps: Deps) => void> = [
  asks,
  noticeControls,
  skills,
  digest,
  home,
  settings,
  people,
  installations,
  talent,
];

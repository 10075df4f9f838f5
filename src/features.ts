import type { App } from '@slack/bolt';
import { register as asks } from './asks/register';
import type { Deps } from './deps';
import { register as digest } from './digest/register';
import { register as home } from './home/register';
import { register as people } from './people/register';
import { register as settings } from './settings/register';
import { register as skills } from './skills/register';
import { register as installations } from './installations/register';

/** Every feature's register(app, deps); the manifest test reads what they register. */
export const features: Array<(app: App, deps: Deps) => void> = [asks, skills, digest, home, settings, people, installations];

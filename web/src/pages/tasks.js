import {pendingPage} from './pending.js';

export function tasksPage() {
  return pendingPage('Tasks due', '/tasks', '`tocsin task list --as NAME`');
}

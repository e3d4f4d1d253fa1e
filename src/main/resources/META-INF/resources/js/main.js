// Starts the dashboard: sign-in when there is no token, else the caller, the live stream and the routed views.

import { calls, token, whenUnauthorized } from './api.js';
import * as events from './events.js';
import * as router from './router.js';
import { setMe } from './session.js';
import { signIn } from './views/signin.js';
import { overview } from './views/overview.js';
import { queues } from './views/queues.js';
import { tasks } from './views/tasks.js';
import { taskPage } from './views/task.js';
import { deadLetters } from './views/dead.js';
import { schedules } from './views/schedules.js';

const header = document.querySelector('header.top');

function signOut(message) {
  token.clear();
  events.stop();
  header.hidden = true;
  signIn(document.getElementById('view'), { message, onToken: enter });
}

async function enter() {
  let me;
  try {
    me = await calls.me();
  } catch (e) {
    signOut(e.status === 401 ? 'That token was refused: it is unknown, revoked or expired.' : e.message);
    return;
  }
  setMe(me);
  document.getElementById('who').textContent = `${me.name} · ${me.roles.filter((r) => r !== 'worker').at(-1) ?? me.roles[0]}`;
  header.hidden = false;
  events.start();
  router.show();
}

events.onState((state) => {
  const live = document.getElementById('live');
  live.textContent = state;
  live.className = `live ${state}`;
});
whenUnauthorized(() => signOut('Your token is no longer accepted; sign in again.'));
document.getElementById('sign-out').addEventListener('click', () => signOut('Signed out.'));

router.configure([
  [/^#\/overview$/, overview],
  [/^#\/queues$/, queues],
  [/^#\/tasks(?:\?(.*))?$/, tasks],
  [/^#\/task\/([^/?]+)$/, taskPage],
  [/^#\/dead$/, deadLetters],
  [/^#\/schedules$/, schedules],
], '#/overview');
router.listen();

if (token.get()) enter();
else signOut();

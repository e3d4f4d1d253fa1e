// Who is signed in and what the roles allow, so that views hide actions the caller could not use.

let me = { name: '', roles: [] };

export function setMe(value) {
  me = value;
}

export function name() {
  return me.name;
}

export function has(role) {
  return me.roles.includes(role);
}

/** Whether the caller may cancel, pause, resume or retry this task: an operator any, a submitter its own. */
export function mayControl(task) {
  return has('operator') || (has('submitter') && task.submittedBy === me.name);
}

export const mayOperate = () => has('operator');
export const mayAdminister = () => has('admin');

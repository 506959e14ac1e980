// The signed-in user: {id, name, roles, clearance, permissions, organisation_id}.
export const session = {user: null};

// Whether the user's roles permit "resource:action" (e.g. "case:create").
export function may(permission) {
  return Boolean(session.user?.permissions?.includes(permission));
}

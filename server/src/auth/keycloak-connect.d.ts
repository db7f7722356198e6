// keycloak-connect ships no types for its token-validation internals; we use only these.
declare module 'keycloak-connect/middleware/auth-utils/config.js' {
  export default class KeycloakConfig {
    constructor(config: Record<string, unknown>);
    realmUrl: string;
  }
}
declare module 'keycloak-connect/middleware/auth-utils/grant-manager.js' {
  import type KeycloakConfig from 'keycloak-connect/middleware/auth-utils/config.js';
  export default class GrantManager {
    constructor(config: KeycloakConfig);
    validateToken(token: unknown, expectedType: string): Promise<unknown>;
  }
}
declare module 'keycloak-connect/middleware/auth-utils/token.js' {
  export default class Token {
    constructor(token: string, clientId?: string);
    header: Record<string, unknown>;
    content: Record<string, unknown>;
    signed?: string;
  }
}

/** What the server tells the app at run time (GET /app-config.json): the same build runs anywhere. */
export interface AppConfig {
  oidcAuthority: string;
  clientId: string;
  /** For the legal pages; null where the operator set nothing. */
  legal?: { publisher: string | null; host: string | null; contactEmail: string | null };
  /** Whether this server sends SMS; absent (an older server's answer) counts as yes. */
  smsAvailable?: boolean;
}

const storageKey = 'cartable:app-config';

/** From the server; offline, the last one received (the app must open in airplane mode). */
export async function loadAppConfig(): Promise<AppConfig> {
  try {
    const response = await fetch('/app-config.json', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`app-config.json: HTTP ${response.status}`);
    const config = (await response.json()) as AppConfig;
    localStorage.setItem(storageKey, JSON.stringify(config));
    return config;
  } catch (error) {
    const saved = localStorage.getItem(storageKey);
    if (!saved) throw error;
    return JSON.parse(saved) as AppConfig;
  }
}

/** The configuration `loadAppConfig` received last (it runs before the first screen). */
export function savedAppConfig(): AppConfig | null {
  const saved = localStorage.getItem(storageKey);
  return saved ? (JSON.parse(saved) as AppConfig) : null;
}

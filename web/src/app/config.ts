/** What the server tells the app at run time (GET /app-config.json): the same build runs anywhere. */
export interface AppConfig {
  oidcAuthority: string;
  clientId: string;
}

export async function loadAppConfig(): Promise<AppConfig> {
  const response = await fetch('/app-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`app-config.json: HTTP ${response.status}`);
  return (await response.json()) as AppConfig;
}

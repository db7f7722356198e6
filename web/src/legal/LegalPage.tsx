import { Fragment } from 'react';
import { savedAppConfig } from '../app/config.ts';
import type { legalPaths } from './legal-paths.ts';
import { messages } from './messages.ts';

const m = messages.legal;

/** `{publisher}`, `{host}`, `{contact}`: what the operator set, or a plain « à compléter ». */
function filled(text: string): string {
  const legal = savedAppConfig()?.legal;
  const values: Record<string, string | null | undefined> = {
    publisher: legal?.publisher,
    host: legal?.host,
    contact: legal?.contactEmail,
  };
  return text.replace(/\{(publisher|host|contact)\}/g, (_, name: string) => values[name] ?? m.notSet);
}

/** One of the legal pages (accessibility, legal notice, personal data, contact), from the catalogue. */
export function LegalPage({ page }: { page: keyof typeof legalPaths }) {
  const text = m.pages[page];
  return (
    <article className="cartable-legal">
      <h1>{text.title}</h1>
      <p className="fr-text--lead">{filled(text.intro)}</p>
      {text.sections.map((section) => (
        <Fragment key={section.title}>
          <h2 className="fr-h4">{section.title}</h2>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{filled(paragraph)}</p>
          ))}
          {section.items && (
            <ul>
              {section.items.map((item) => (
                <li key={item}>{filled(item)}</li>
              ))}
            </ul>
          )}
          {section.links && (
            <ul className="fr-links-group">
              {section.links.map((link) => (
                <li key={link.href}>
                  <a className="fr-link" href={link.href} rel="noopener">
                    {link.text}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </Fragment>
      ))}
    </article>
  );
}

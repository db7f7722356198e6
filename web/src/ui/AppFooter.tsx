import { Link } from 'react-router';
import { messages } from '../i18n/messages.ts';
import { legalPaths } from '../legal/legal-paths.ts';
import { ThemeSetting } from './ThemeSetting.tsx';

const m = messages.identity;

/** The footer of every screen, logged in or not: what Cartable is, the legal pages, the theme setting. */
export function AppFooter() {
  return (
    <footer className="fr-footer cartable-footer" role="contentinfo" id="pied-de-page">
      <div className="fr-container">
        <div className="fr-footer__body">
          <div className="fr-footer__brand cartable-footer__brand">
            <img src="/icons/icon.svg" alt="" width="40" height="40" />
            <span>{messages.app.name}</span>
          </div>
          <div className="fr-footer__content">
            <p className="fr-footer__content-desc">{m.footerDescription}</p>
          </div>
        </div>
        <div className="fr-footer__bottom">
          <nav aria-label={m.footerLinks}>
            <ul className="fr-footer__bottom-list">
              <li className="fr-footer__bottom-item">
                <Link className="fr-footer__bottom-link" to={legalPaths.accessibility}>
                  {m.accessibility}
                </Link>
              </li>
              <li className="fr-footer__bottom-item">
                <Link className="fr-footer__bottom-link" to={legalPaths.legalNotice}>
                  {m.legalNotice}
                </Link>
              </li>
              <li className="fr-footer__bottom-item">
                <Link className="fr-footer__bottom-link" to={legalPaths.privacy}>
                  {m.privacy}
                </Link>
              </li>
              <li className="fr-footer__bottom-item">
                <Link className="fr-footer__bottom-link" to={legalPaths.contact}>
                  {m.contact}
                </Link>
              </li>
            </ul>
          </nav>
          <div className="cartable-footer__theme">
            <ThemeSetting />
          </div>
        </div>
      </div>
    </footer>
  );
}

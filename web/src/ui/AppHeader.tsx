import { HeaderQuickAccessItem, type HeaderProps } from '@codegouvfr/react-dsfr/Header';
import { cloneElement, isValidElement, useId } from 'react';
import { Link } from 'react-router';
import { messages } from '../i18n/messages.ts';

const m = messages.identity;

export interface HeaderBrand {
  /** The body's name when the screen is one body's (or the person belongs to one), else « Cartable ». */
  title: string;
  tagline: string;
  /** The body's logo (`Body.logoUrl`); Cartable's own mark without one. */
  logoUrl?: string | null;
}

/**
 * The header of every screen, in the design system's markup (its script opens the menu on a phone)
 * but with Cartable's identity instead of the State's Marianne block: the body's logo or Cartable's
 * mark, and its name. Adapted from react-dsfr's Header (MIT licence), without the « bloc marque ».
 */
export function AppHeader({
  brand,
  quickAccessItems,
}: {
  brand: HeaderBrand;
  quickAccessItems: (HeaderProps.QuickAccessItem | React.JSX.Element)[];
}) {
  const id = useId().replace(/:/g, '');
  const menuId = `${id}-menu`;
  const menuButtonId = `${id}-menu-button`;
  const items = (usecase: 'desktop' | 'mobile') => (
    <ul className="fr-btns-group">
      {quickAccessItems.map((item, index) => {
        const itemId = `${id}-quick-access-${index}${usecase === 'mobile' ? '-mobile' : ''}`;
        return (
          <li key={index}>
            {isValidElement(item) ? (
              cloneElement(item as React.ReactElement<{ id?: string }>, { id: itemId })
            ) : (
              <HeaderQuickAccessItem quickAccessItem={item as HeaderProps.QuickAccessItem} id={itemId} />
            )}
          </li>
        );
      })}
    </ul>
  );
  return (
    <header role="banner" className="fr-header cartable-header">
      <div className="fr-header__body">
        <div className="fr-container">
          <div className="fr-header__body-row">
            <div className="fr-header__brand fr-enlarge-link">
              <div className="fr-header__brand-top">
                <div className="fr-header__operator cartable-header__logo">
                  <img
                    src={brand.logoUrl ?? '/icons/icon.svg'}
                    alt={brand.logoUrl ? m.logoAlt(brand.title) : ''}
                    className="fr-responsive-img"
                  />
                </div>
                {quickAccessItems.length > 0 && (
                  <div className="fr-header__navbar">
                    <button className="fr-btn--menu fr-btn" data-fr-opened="false" aria-controls={menuId} id={menuButtonId} title={m.menu}>
                      {m.menu}
                    </button>
                  </div>
                )}
              </div>
              <div className="fr-header__service">
                <Link to="/" title={m.homeTitle(brand.title)}>
                  <p className="fr-header__service-title">{brand.title}</p>
                </Link>
                <p className="fr-header__service-tagline">{brand.tagline}</p>
              </div>
            </div>
            {quickAccessItems.length > 0 && (
              <div className="fr-header__tools">
                <div className="fr-header__tools-links">{items('desktop')}</div>
              </div>
            )}
          </div>
        </div>
      </div>
      {quickAccessItems.length > 0 && (
        <div className="fr-header__menu fr-modal" id={menuId} aria-labelledby={menuButtonId}>
          <div className="fr-container">
            <button className="fr-btn--close fr-btn" aria-controls={menuId} title={m.close}>
              {m.close}
            </button>
            <div className="fr-header__menu-links">{items('mobile')}</div>
          </div>
        </div>
      )}
    </header>
  );
}

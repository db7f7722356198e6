import { NavLink } from 'react-router';
import './console.css';

export interface ConsoleLink {
  to: string;
  text: string;
  /** Active only on this exact path (the index page of a section). */
  end?: boolean;
}

/** The console's sections as a row of buttons; the current one is marked for assistive technologies too. */
export function ConsoleNav({ label, links }: { label: string; links: ConsoleLink[] }) {
  return (
    <nav aria-label={label} className="cartable-console-nav">
      <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.end} className={({ isActive }) => (isActive ? 'fr-btn' : 'fr-btn fr-btn--secondary')}>
              {link.text}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

import type { ReactNode } from 'react';
import { translate, type Lang } from '../i18n';

/** Every page: one banner, one main landmark with one h1, a language switch. */
export function Layout({
  lang,
  setLang,
  title,
  children,
  wide = false,
  actions,
}: {
  lang: Lang;
  setLang: (l: Lang) => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
  actions?: ReactNode;
}) {
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  return (
    <>
      <a className="skip-link" href="#main">
        {lang === 'fr' ? 'Aller au contenu' : 'Skip to content'}
      </a>
      <header className="banner">
        <div className="banner-inner">
          <a href="/" className="brand">
            <span className="brand-name">{translate(lang, 'appName')}</span>
            <span className="brand-sub">{translate(lang, 'programme')}</span>
          </a>
          <div className="banner-actions">
            {actions}
            <button type="button" className="lang-switch" lang={other} onClick={() => setLang(other)} aria-label={translate(lang, 'switchToLabel')}>
              {translate(lang, 'switchTo')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className={wide ? 'page page-wide' : 'page'} tabIndex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}

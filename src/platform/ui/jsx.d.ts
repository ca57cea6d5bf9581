// Attributes @kitajs/html's element types lack but HTML allows.
declare global {
  namespace JSX {
    interface HtmlTag {
      autofocus?: boolean;
    }
    interface HtmlVideoTag {
      /** none, metadata or auto: how much a player loads before play is pressed. */
      preload?: undefined | 'none' | 'metadata' | 'auto';
    }
  }
}
export {};

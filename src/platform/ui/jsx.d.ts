// Attributes @kitajs/html's element types lack but HTML allows on every element.
declare global {
  namespace JSX {
    interface HtmlTag {
      autofocus?: boolean;
    }
  }
}
export {};

// schema.org descriptions of groups and organisations, embedded in their pages as JSON-LD.
// Exact meeting places are never part of them: they are for admitted members only.
import type { OrganisationRow, Group } from './service.ts';
import { jsonForScript } from '../../platform/json-ld.ts';


export function groupJsonLd(
  baseUrl: string,
  group: Group,
  view: { topics: Array<{ name: string }>; languages: string[] },
  contactPoint: OrganisationRow | null,
): string {
  return jsonForScript({
    '@context': 'https://schema.org',
    '@type': 'Organization',
    '@id': `${baseUrl}/groups/${group.slug}`,
    url: `${baseUrl}/groups/${group.slug}`,
    name: group.name,
    description: group.description.slice(0, 1000),
    keywords: view.topics.map((x) => x.name).join(', '),
    knowsLanguage: view.languages,
    ...(group.area ? { areaServed: { '@type': 'Place', name: group.area }, location: { '@type': 'Place', name: group.area, ...(group.lat !== null ? { geo: { '@type': 'GeoCoordinates', latitude: round(group.lat), longitude: round(group.lon ?? 0) } } : {}) } } : {}),
    ...(contactPoint ? { parentOrganization: { '@type': 'Organization', name: contactPoint.name, url: `${baseUrl}/organisations/${contactPoint.slug}` } } : {}),
  });
}

/** Coordinates of the public area, rounded to about a kilometre. */
const round = (n: number) => Math.round(n * 100) / 100;

export function organisationJsonLd(baseUrl: string, org: OrganisationRow): string {
  return jsonForScript({
    '@context': 'https://schema.org',
    '@type': org.kind === 'contact_point' ? 'GovernmentOrganization' : 'NGO',
    '@id': `${baseUrl}/organisations/${org.slug}`,
    url: `${baseUrl}/organisations/${org.slug}`,
    name: org.name,
    description: org.description.slice(0, 1000),
    ...(org.street || org.area ? { address: { '@type': 'PostalAddress', streetAddress: org.street, addressLocality: org.area, addressCountry: 'DE' } } : {}),
    ...(org.phone ? { telephone: org.phone } : {}),
    ...(org.email ? { email: org.email } : {}),
    ...(org.website ? { sameAs: org.website } : {}),
    ...(org.region ? { areaServed: org.region } : {}),
  });
}

/**
 * Every helper Pinpoint documents, with the guide's own examples where it gives one
 * (userguide/message-template-helpers.html).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointDoc } from '../ports.js';
import { renderEmail } from './render.js';

const endpoint: EndpointDoc = {
  Id: 'ep-1',
  CohortId: '1',
  CreationDate: '2026-01-01T00:00:00.000Z',
  Location: { City: 'Los Angeles', Country: 'US' },
  Attributes: {
    favorite_colors: ['blue', 'red', 'green'],
    description: ['my first post'],
    IsUserSubscribed: ['true'],
  },
  User: {
    UserId: 'u',
    UserAttributes: {
      FirstName: ['Jane'],
      LastName: ['Alejandro'],
      FavoriteColors: ['red'],
      UserAge: ['22'],
      StartDate: ['09/19/2020'],
      interests: ['<h1>Art</h1>'],
    },
  },
};

const NOW = new Date('2020-09-19T18:30:00.000Z');
const r = (template: string) =>
  renderEmail({ TextPart: template }, { address: 'jane@example.com', endpoint }, { clock: () => NOW }).text;

describe('conditional helpers', () => {
  it('eq and neq: block with else, inline yes/no, true/false by default', () => {
    assert.equal(r('{{#eq User.UserAttributes.FavoriteColors.[0] "red"}}red{{else}}not red{{/eq}}'), 'red');
    assert.equal(r('{{#eq Location.City "Seattle"}}S{{else}}not S{{/eq}}'), 'not S');
    assert.equal(r('{{eq Location.Country "US" yes="y" no="n"}} {{eq 1 2}} {{eq 2 2}}'), 'y false true');
    assert.equal(
      r('{{#neq User.UserAttributes.FavoriteColors.[0] "red"}}no{{else}}You like red.{{/neq}}'),
      'You like red.',
    );
    assert.equal(r('{{neq 1 2 yes="different"}}'), 'different');
  });

  it('gt, gte, lt, lte compare numbers written as text as numbers', () => {
    assert.equal(
      r('{{#gt User.UserAttributes.UserAge.[0] "17"}}old enough{{else}}too young{{/gt}}'),
      'old enough',
    );
    assert.equal(
      r('{{gt "9" "17"}} {{gte "18" "18"}} {{lt "9" "17"}} {{lte "18" "17"}}'),
      'false true true false',
    );
    assert.equal(
      r('{{#lt User.UserAttributes.UserAge.[0] "18"}}young{{else}}You are old enough to rent a car.{{/lt}}'),
      'You are old enough to rent a car.',
    );
    assert.equal(r('{{gt "b" "a"}} {{lt "apple" "banana"}}'), 'true true');
  });

  it('and, or, not, with sub-expressions', () => {
    assert.equal(
      r(
        '{{#and (eq Location.City "Los Angeles") (eq Location.Country "US")}}You live in Los Angeles and the US.{{else}}no{{/and}}',
      ),
      'You live in Los Angeles and the US.',
    );
    assert.equal(
      r('{{#or (eq Location.City "Seattle") (eq Location.City "Los Angeles")}}West Coast{{else}}no{{/or}}'),
      'West Coast',
    );
    assert.equal(
      r('{{#or (eq Location.City "Seattle") (eq Location.City "Portland")}}West{{else}}elsewhere{{/or}}'),
      'elsewhere',
    );
    assert.equal(
      r('{{#not (eq User.UserAttributes.FavoriteColors.[0] "red")}}no{{else}}You like red.{{/not}}'),
      'You like red.',
    );
    assert.equal(
      r(
        '{{not (eq User.UserAttributes.FavoriteColors.[0] "red")}} {{and 1 0 yes="y" no="n"}} {{or 0 "" yes="y" no="n"}}',
      ),
      'false n n',
    );
  });
});

describe('string helpers', () => {
  it('abbreviate: the ellipsis counts towards the length', () => {
    assert.equal(r('{{abbreviate User.UserAttributes.LastName.[0] 6}}'), 'Ale...');
    assert.equal(r('{{abbreviate "short" 6}}'), 'short');
  });

  it('capitalize, capitalizeFirst, lower, upper', () => {
    assert.equal(r('{{capitalize Attributes.description.[0]}}'), 'My First Post');
    assert.equal(r('{{capitalizeFirst Attributes.description.[0]}}'), 'My first post');
    assert.equal(r('{{lower "Santos"}} {{upper "Roe"}}'), 'santos ROE');
    assert.equal(r('{{capitalizeFirst (lower "JANE")}}'), 'Jane');
  });

  it('center, ljust, rjust with an optional pad', () => {
    assert.equal(r('[{{center Location.City size=19}}]'), '[    Los Angeles    ]');
    assert.equal(r('[{{ljust Location.City 15}}]'), '[Los Angeles    ]');
    assert.equal(r('[{{rjust Location.City 15 pad="."}}]'), '[....Los Angeles]');
  });

  it('cut, replace, slugify, stripTags, substring', () => {
    assert.equal(r('{{cut Location.City "e"}} {{cut "a b c"}}'), 'Los Angls abc');
    assert.equal(r('{{replace Location.City " " "_"}}'), 'Los_Angeles');
    assert.equal(r('{{slugify Location.City}} {{slugify "  Hello, World!  "}}'), 'los-angeles hello-world');
    assert.equal(r('{{stripTags User.UserAttributes.interests.[0]}}'), 'Art');
    assert.equal(r('{{substring Location.City 4 9}} {{substring Location.City 4}}'), 'Angel Angeles');
  });

  it('inflect, join, ordinalize, yesno', () => {
    assert.equal(
      r(
        '{{inflect 3 "apple" "apples" includeCount=false}} {{inflect 3 "apple" "apples" includeCount=true}} {{inflect 1 "apple" "apples"}}',
      ),
      'apples 3 apples apple',
    );
    assert.equal(
      r(
        '{{join Attributes.favorite_colors ", "}} {{join Attributes.favorite_colors "/" prefix="[" suffix="]"}}',
      ),
      'blue, red, green [blue/red/green]',
    );
    assert.equal(
      r(
        '{{ordinalize User.UserAttributes.UserAge.[0]}} {{ordinalize 1}} {{ordinalize 3}} {{ordinalize 11}} {{ordinalize 112}} {{ordinalize 101}}',
      ),
      '22nd 1st 3rd 11th 112th 101st',
    );
    assert.equal(
      r(
        '{{yesno Attributes.IsUserSubscribed}} {{yesno "false"}} {{yesno Attributes.Nothing}} {{yesno "true" yes="Y"}}',
      ),
      'yes no maybe Y',
    );
  });

  it('dateFormat: input format, the four styles, patterns and time zones', () => {
    assert.equal(
      r(
        '{{dateFormat User.UserAttributes.StartDate.[0] inputFormat="MM/dd/yyyy" outputFormat="full" tz="America/Los_Angeles"}}',
      ),
      'Saturday, September 19, 2020',
    );
    assert.equal(r('{{dateFormat "2020-09-19T12:00:00Z" outputFormat="long"}}'), 'September 19, 2020');
    assert.equal(r('{{dateFormat "2020-09-19T12:00:00Z"}}'), 'Sep 19, 2020');
    assert.equal(r('{{dateFormat "2020-09-19T12:00:00Z" outputFormat="short"}}'), '9/19/20');
    assert.equal(
      r(
        '{{dateFormat "2020-09-19T12:00:00Z" outputFormat="EEEE yyyy-MM-dd HH:mm:ss.SSS a Z" tz="Asia/Tokyo"}}',
      ),
      'Saturday 2020-09-19 21:00:00.000 PM +0900',
    );
    assert.equal(
      r(
        '{{dateFormat "19 Sep 2020 07:05" inputFormat="dd MMM yyyy HH:mm" outputFormat="yyyy-MM-dd\'T\'HH:mmXXX"}}',
      ),
      '2020-09-19T07:05Z',
    );
    assert.equal(r('[{{dateFormat Attributes.Nothing}}]'), '[]');
  });

  it('time zones written without quotes, as the guide writes them, are zone names', () => {
    assert.equal(r('{{now "full" tz=Asia/Tokyo}}'), 'Sunday, September 20, 2020');
    assert.equal(
      r(
        '{{dateFormat "2020-09-20T02:00:00Z" outputFormat="HH:mm" tz=America/Los_Angeles}} {{now "HH:mm" tz=UTC}}',
      ),
      '19:00 18:30',
    );
  });

  it('a time zone can come from the recipient (a variable path without a slash stays a variable)', () => {
    const out = renderEmail(
      { TextPart: '{{now "HH:mm" tz=Demographic.Timezone}}' },
      { address: 'a@example.com', endpoint: { ...endpoint, Demographic: { Timezone: 'Asia/Tokyo' } } },
      { clock: () => NOW },
    );
    assert.equal(out.text, '03:30');
  });

  it('now: the engine clock, medium unless told, in the given time zone', () => {
    assert.equal(r('{{now}}'), 'Sep 19, 2020');
    assert.equal(r('{{now "full" tz="Asia/Tokyo"}}'), 'Sunday, September 20, 2020');
    assert.equal(r('{{now "yyyy/MM/dd hh:mm a" tz="America/Los_Angeles"}}'), '2020/09/19 11:30 AM');
  });
});

describe('math and encoding helpers', () => {
  it('add, subtract, multiply, divide, modulo as the guide prints them', () => {
    assert.equal(
      r('{{add 5 2.3}} {{subtract 5 2.3}} {{multiply 5 2.3}} {{divide 5 2.3}} {{modulo 7 2}}'),
      '7.3 2.7 11.5 2.17391304 1',
    );
  });

  it('ceiling, floor, round', () => {
    assert.equal(r('{{ceiling 5.23}} {{floor 5.23}} {{round 19.21}} {{round 2.5}}'), '6 5 19 3');
  });

  it("encode64, decode64, md5, sha256, sha512 (sha256 and sha512 are the guide's own examples)", () => {
    assert.equal(
      r('{{encode64 "Hello World"}} {{decode64 "SGVsbG8gV29ybGQ="}}'),
      'SGVsbG8gV29ybGQ= Hello World',
    );
    assert.equal(r('{{md5 "Hello World"}}'), 'b10a8db164e0754105b7a99be72e3fe5');
    assert.equal(
      r('{{sha256 "Hello World"}}'),
      'a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e',
    );
    assert.equal(
      r('{{sha512 "Hello World"}}'),
      '2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b',
    );
  });

  it('uuid: a new random UUID each time', () => {
    const [a, b] = r('{{uuid}} {{uuid}}')!.split(' ');
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
  });

  it('a value that is not a number fails the render', () => {
    assert.throws(() => r('{{add Location.City 1}}'), /add: 'Los Angeles' is not a number/);
  });
});

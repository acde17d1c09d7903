import path from 'node:path';
import { defineConfig } from '@tarojs/cli';
import type { IProjectConfig } from '@tarojs/taro/types/compile';
import devConfig from './dev';
import prodConfig from './prod';

const repoRoot = path.resolve(__dirname, '..', '..');
// The domain core and the API contracts live outside miniapp/; the app imports them as @shared/…
const sharedDir = path.join(repoRoot, 'shared');
const isUnderShared = (file: string): boolean => file.startsWith(sharedDir + path.sep);

type Chain = Parameters<NonNullable<NonNullable<IProjectConfig<'webpack5'>['mini']>['webpackChain']>>[0];

/** Imports say `./x.js` for `./x.ts` (Node ESM, as in shared/); webpack is told so. */
const resolveTsFromJs = (chain: Chain): void => {
  chain.resolve.set('extensionAlias', { '.js': ['.ts', '.tsx', '.js'] });
};

/**
 * Taro splits only the initial chunks on h5, so every lazily loaded page would carry its own copy
 * of what pages share (NutUI, Taro's web components, our api/ and ui/); one common chunk instead.
 */
const sharePageCommons = (chain: Chain): void => {
  chain.optimization.merge({
    splitChunks: {
      cacheGroups: {
        pages: { name: 'pages-common', chunks: 'async', minChunks: 2, priority: 20 },
      },
    },
  });
};

/**
 * The weapp build cannot use the page's origin, so it calls a fixed API. Override per build with
 * PARKADE_API_URL; the H5 build is served by the API's own origin and ignores it.
 */
const weappApiBaseUrl = process.env.PARKADE_API_URL ?? 'http://127.0.0.1:8787';

export default defineConfig<'webpack5'>(async (merge) => {
  const platform = process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp';

  const baseConfig: IProjectConfig<'webpack5'> = {
    projectName: 'parkade',
    date: '2026-11-23',
    // NutUI is drawn for a 375 px wide screen; our own styles use the same scale.
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    alias: { '@shared': sharedDir },
    defineConstants: {
      PARKADE_WEAPP_API_BASE_URL: JSON.stringify(weappApiBaseUrl),
    },
    mini: {
      compile: { include: [isUnderShared] },
      webpackChain: resolveTsFromJs,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      // The local stack serves this build under /app/ on the API's origin.
      publicPath: '/app/',
      staticDirectory: 'static',
      // Hash routing: a static file server needs no rewrites for deep links.
      router: { mode: 'hash' },
      compile: { include: [isUnderShared] },
      webpackChain(chain) {
        resolveTsFromJs(chain);
        sharePageCommons(chain);
        // React DOM, Taro's runtime and router alone are ~300 KiB; warn when the app adds much to that.
        chain.performance.maxEntrypointSize(360 * 1024).maxAssetSize(240 * 1024);
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };

  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig);
});

/// <reference types="@tarojs/taro" />

declare module '*.css';

/** Set by config/index.ts (defineConstants): the API the weapp build calls. */
declare const PARKADE_WEAPP_API_BASE_URL: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'h5';
  }
}

export default definePageConfig({
  navigationBarTitleText: '领券二维码',
});
